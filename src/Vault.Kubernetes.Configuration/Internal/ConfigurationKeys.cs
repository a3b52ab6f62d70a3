// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Configuration;

namespace Vault.Kubernetes.Configuration.Internal;

/// <summary>Maps Vault data to configuration keys: path segments and object nesting become <c>:</c>, arrays become indexes, <c>__</c> and <c>--</c> become <c>:</c>.</summary>
internal static class ConfigurationKeys
{
    public static string Normalize(string key) =>
        key.Replace("__", ConfigurationPath.KeyDelimiter, StringComparison.Ordinal)
           .Replace("--", ConfigurationPath.KeyDelimiter, StringComparison.Ordinal)
           .Replace('/', ':')
           .Trim(':');

    public static string Combine(params string?[] parts)
    {
        var segments = new List<string>(parts.Length);
        foreach (string? part in parts)
        {
            if (!string.IsNullOrEmpty(part))
            {
                string normalized = Normalize(part);
                if (normalized.Length > 0)
                {
                    segments.Add(normalized);
                }
            }
        }

        return ConfigurationPath.Combine(segments);
    }

    public static void Flatten(string prefix, JsonElement value, IDictionary<string, string> into)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (JsonProperty property in value.EnumerateObject())
                {
                    Flatten(Combine(prefix, property.Name), property.Value, into);
                }

                break;
            case JsonValueKind.Array:
                int index = 0;
                foreach (JsonElement item in value.EnumerateArray())
                {
                    Flatten(Combine(prefix, index.ToString(CultureInfo.InvariantCulture)), item, into);
                    index++;
                }

                break;
            case JsonValueKind.String:
                into[prefix] = value.GetString() ?? string.Empty;
                break;
            case JsonValueKind.Null or JsonValueKind.Undefined:
                into[prefix] = string.Empty;
                break;
            default:
                into[prefix] = value.GetRawText();
                break;
        }
    }
}
