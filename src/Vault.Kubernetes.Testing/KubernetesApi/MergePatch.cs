// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;

namespace Vault.Kubernetes.Testing.KubernetesApi;

/// <summary>RFC 7386 JSON merge patch, and the deep merge that stands in for server-side apply.</summary>
internal static class MergePatch
{
    /// <summary>Merges <paramref name="patch"/> into a copy of <paramref name="target"/>: maps recursively, <c>null</c> deletes, anything else replaces.</summary>
    public static JsonNode? Apply(JsonNode? target, JsonNode? patch, bool nullDeletes = true)
    {
        if (patch is not JsonObject patchMap)
        {
            return patch?.DeepClone();
        }

        JsonObject result = target is JsonObject map ? (JsonObject)map.DeepClone() : [];
        foreach (KeyValuePair<string, JsonNode?> pair in patchMap.ToList())
        {
            if (pair.Value is null)
            {
                if (nullDeletes)
                {
                    result.Remove(pair.Key);
                }

                continue;
            }

            result[pair.Key] = Apply(result[pair.Key], pair.Value, nullDeletes);
        }

        return result;
    }
}
