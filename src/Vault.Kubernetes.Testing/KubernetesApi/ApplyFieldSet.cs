// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;

namespace Vault.Kubernetes.Testing.KubernetesApi;

/// <summary>
/// The fields a server-side apply sets, in the <c>fieldsV1</c> shape (<c>{"f:spec":{"f:replicas":{}}}</c>): maps are
/// followed key by key, lists are owned whole (as for objects without a schema), and of metadata only labels,
/// annotations and finalizers count.
/// </summary>
internal static class ApplyFieldSet
{
    public static JsonObject Of(JsonObject applied)
    {
        var set = new JsonObject();
        foreach (KeyValuePair<string, JsonNode?> pair in applied)
        {
            if (pair.Key is "apiVersion" or "kind")
            {
                continue;
            }

            if (pair.Key == "metadata")
            {
                JsonObject metadata = Of(pair.Value as JsonObject ?? [], ["labels", "annotations", "finalizers"]);
                if (metadata.Count > 0)
                {
                    set["f:metadata"] = metadata;
                }

                continue;
            }

            set["f:" + pair.Key] = pair.Value is JsonObject { Count: > 0 } child ? Of(child) : new JsonObject();
        }

        return set;
    }

    /// <summary>Returns the owned leaves as paths of field names.</summary>
    public static List<string[]> Leaves(JsonObject? set)
    {
        var leaves = new List<string[]>();
        Collect(set ?? [], [], leaves);
        return leaves;
    }

    public static string Format(string[] path) => "." + string.Join('.', path);

    public static JsonNode? Get(JsonNode? node, string[] path)
    {
        foreach (string part in path)
        {
            node = node is JsonObject map ? map[part] : null;
        }

        return node;
    }

    /// <summary>Removes a field, and the maps it leaves empty.</summary>
    public static void Remove(JsonObject obj, string[] path)
    {
        if (path.Length == 1)
        {
            obj.Remove(path[0]);
            return;
        }

        if (obj[path[0]] is JsonObject child)
        {
            Remove(child, path[1..]);
            if (child.Count == 0)
            {
                obj.Remove(path[0]);
            }
        }
    }

    /// <summary>Drops the given leaves from a set (ownership moved to a forcing applier).</summary>
    public static JsonObject Without(JsonObject set, IEnumerable<string[]> leaves)
    {
        var copy = (JsonObject)set.DeepClone();
        foreach (string[] leaf in leaves)
        {
            Remove(copy, leaf.Select(p => "f:" + p).ToArray());
        }

        return copy;
    }

    public static bool Same(string[] a, string[] b) => a.AsSpan().SequenceEqual(b);

    private static JsonObject Of(JsonObject map, string[] only)
    {
        var set = new JsonObject();
        foreach (string key in only.Where(map.ContainsKey))
        {
            set["f:" + key] = map[key] is JsonObject { Count: > 0 } child ? Of(child) : new JsonObject();
        }

        return set;
    }

    private static void Collect(JsonObject set, List<string> prefix, List<string[]> leaves)
    {
        foreach (KeyValuePair<string, JsonNode?> pair in set)
        {
            if (!pair.Key.StartsWith("f:", StringComparison.Ordinal))
            {
                continue;
            }

            prefix.Add(pair.Key[2..]);
            if (pair.Value is JsonObject { Count: > 0 } child)
            {
                Collect(child, prefix, leaves);
            }
            else
            {
                leaves.Add([.. prefix]);
            }

            prefix.RemoveAt(prefix.Count - 1);
        }
    }
}
