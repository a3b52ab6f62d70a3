// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;

namespace Vault.Kubernetes.Testing.Internal;

/// <summary>Conversions between string maps (metadata, mount options) and JSON objects.</summary>
internal static class JsonMaps
{
    /// <summary>A JSON object of the map, or null when the map is null.</summary>
    public static JsonObject? ToObject(IEnumerable<KeyValuePair<string, string>>? map)
    {
        if (map is null)
        {
            return null;
        }

        var result = new JsonObject();
        foreach ((string key, string value) in map)
        {
            result[key] = value;
        }

        return result;
    }

    /// <summary>A string map of the JSON object (non-string values rendered as JSON text), or null when it is not an object.</summary>
    public static Dictionary<string, string>? ToDictionary(JsonNode? node) =>
        node is JsonObject json ? json.ToDictionary(p => p.Key, p => p.Value?.ToString() ?? string.Empty, StringComparer.Ordinal) : null;
}
