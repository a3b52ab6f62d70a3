// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Vault.Kubernetes.Testing.Internal;

/// <summary>Lenient field readers: Vault's field parser accepts JSON booleans/numbers and their string forms.</summary>
internal static class JsonFields
{
    /// <summary>Reads a boolean (true/false or "true"/"false"/"1"/"0"); absent → <paramref name="fallback"/>.</summary>
    /// <exception cref="FormatException">The value is present but not a boolean (answered as 400).</exception>
    public static bool Bool(JsonNode? node, string name, bool fallback)
    {
        if (node is null)
        {
            return fallback;
        }

        if (node is JsonValue value && value.GetValueKind() is JsonValueKind.True or JsonValueKind.False)
        {
            return value.GetValueKind() == JsonValueKind.True;
        }

        return node.ToString() switch
        {
            "true" or "1" or "t" or "T" or "TRUE" or "True" => true,
            "false" or "0" or "f" or "F" or "FALSE" or "False" => false,
            _ => throw new FormatException($"error converting input for field \"{name}\": cannot parse '{node}' as bool"),
        };
    }

    /// <summary>Reads an integer (number or numeric string); absent → <paramref name="fallback"/>.</summary>
    /// <exception cref="FormatException">The value is present but not an integer (answered as 400).</exception>
    public static int Int(JsonNode? node, string name, int fallback) =>
        node is null
            ? fallback
            : int.TryParse(node.ToString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out int result)
                ? result
                : throw new FormatException($"error converting input for field \"{name}\": cannot parse '{node}' as int");
}
