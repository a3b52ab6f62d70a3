// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;

namespace Vault.Kubernetes.Testing.KubernetesApi;

/// <summary>
/// The strategic-merge-patch subset kubectl sends for the built-in kinds served here: maps merge, <c>null</c> deletes,
/// keyed lists merge element-wise, finalizers merge as a set, and the <c>$patch</c>, <c>$retainKeys</c>,
/// <c>$deleteFromPrimitiveList/</c> and <c>$setElementOrder/</c> directives are honoured or stripped.
/// </summary>
/// <remarks>Merge keys are chosen by field name, which is unambiguous for the kinds served (no per-type schema).</remarks>
internal static class StrategicMergePatch
{
    private static readonly Dictionary<string, string> s_mergeKeys = new(StringComparer.Ordinal)
    {
        ["containers"] = "name",
        ["initContainers"] = "name",
        ["ephemeralContainers"] = "name",
        ["volumes"] = "name",
        ["env"] = "name",
        ["imagePullSecrets"] = "name",
        ["volumeMounts"] = "mountPath",
        ["volumeDevices"] = "devicePath",
        ["ports"] = "containerPort",
        ["ownerReferences"] = "uid",
        ["conditions"] = "type",
        ["secrets"] = "name",
        ["webhooks"] = "name",
        ["hostAliases"] = "ip",
        ["tolerations"] = "key",
    };

    private static readonly HashSet<string> s_setLists = new(StringComparer.Ordinal) { "finalizers" };

    public static JsonObject Apply(JsonObject target, JsonObject patch) => (JsonObject)MergeMap((JsonObject)target.DeepClone(), patch)!;

    private static JsonObject? MergeMap(JsonObject result, JsonObject patch)
    {
        string? directive = (string?)patch["$patch"];
        if (directive == "delete")
        {
            return null;
        }

        if (directive == "replace")
        {
            var replaced = (JsonObject)patch.DeepClone();
            replaced.Remove("$patch");
            return Strip(replaced);
        }

        foreach (KeyValuePair<string, JsonNode?> pair in patch.ToList())
        {
            string key = pair.Key;
            if (key is "$patch" or "$retainKeys" || key.StartsWith("$setElementOrder/", StringComparison.Ordinal))
            {
                continue;
            }

            if (key.StartsWith("$deleteFromPrimitiveList/", StringComparison.Ordinal))
            {
                string field = key["$deleteFromPrimitiveList/".Length..];
                if (result[field] is JsonArray current && pair.Value is JsonArray remove)
                {
                    foreach (JsonNode? item in current.Where(i => remove.Any(r => JsonNode.DeepEquals(r, i))).ToList())
                    {
                        current.Remove(item);
                    }
                }

                continue;
            }

            if (pair.Value is null)
            {
                result.Remove(key);
                continue;
            }

            JsonNode? existing = result[key];
            JsonNode? merged = (existing, pair.Value) switch
            {
                (JsonObject live, JsonObject change) => MergeMap((JsonObject)live.DeepClone(), change),
                (JsonArray live, JsonArray change) => MergeList(key, live, change),
                (_, JsonObject fresh) => MergeMap([], fresh),
                _ => StripNode(pair.Value.DeepClone()),
            };
            if (merged is null)
            {
                result.Remove(key);
            }
            else
            {
                result[key] = merged;
            }
        }

        if (patch["$retainKeys"] is JsonArray retain)
        {
            var keep = retain.Select(k => (string?)k).OfType<string>().ToHashSet(StringComparer.Ordinal);
            foreach (string key in result.Select(p => p.Key).Where(k => !keep.Contains(k)).ToList())
            {
                result.Remove(key);
            }
        }

        return result;
    }

    private static JsonArray MergeList(string field, JsonArray live, JsonArray change)
    {
        if (s_setLists.Contains(field))
        {
            var merged = (JsonArray)live.DeepClone();
            foreach (JsonNode? item in change)
            {
                if (!merged.Any(m => JsonNode.DeepEquals(m, item)))
                {
                    merged.Add(item?.DeepClone());
                }
            }

            return merged;
        }

        if (!s_mergeKeys.TryGetValue(field, out string? mergeKey) || change.Any(i => i is not JsonObject))
        {
            return (JsonArray)StripNode(change.DeepClone())!;
        }

        if (change.OfType<JsonObject>().Any(i => (string?)i["$patch"] == "replace" && i.Count == 1))
        {
            return new JsonArray(change.OfType<JsonObject>().Where(i => i["$patch"] is null).Select(i => (JsonNode?)Strip((JsonObject)i.DeepClone())).ToArray());
        }

        var result = (JsonArray)live.DeepClone();
        foreach (JsonObject item in change.OfType<JsonObject>())
        {
            JsonNode? key = item[mergeKey];
            JsonObject? match = result.OfType<JsonObject>().FirstOrDefault(existing => JsonNode.DeepEquals(existing[mergeKey], key));
            if (match is null)
            {
                if ((string?)item["$patch"] != "delete")
                {
                    result.Add(Strip((JsonObject)item.DeepClone()));
                }

                continue;
            }

            int index = result.IndexOf(match);
            JsonObject? merged = MergeMap((JsonObject)match.DeepClone(), item);
            result.RemoveAt(index);
            if (merged is not null)
            {
                result.Insert(index, merged);
            }
        }

        return result;
    }

    private static JsonNode? StripNode(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject map:
                return Strip(map);
            case JsonArray list:
                foreach (JsonObject item in list.OfType<JsonObject>())
                {
                    Strip(item);
                }

                return list;
            default:
                return node;
        }
    }

    private static JsonObject Strip(JsonObject map)
    {
        foreach (string key in map.Select(p => p.Key).Where(k => k.StartsWith('$')).ToList())
        {
            map.Remove(key);
        }

        foreach (KeyValuePair<string, JsonNode?> pair in map.ToList())
        {
            StripNode(pair.Value);
        }

        return map;
    }
}
