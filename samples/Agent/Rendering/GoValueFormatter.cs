// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Vault.Kubernetes.Agent.Rendering;

/// <summary>Prints JSON values the way Vault Agent's Go templates do: <c>%v</c> of decoded JSON, and <c>json.Marshal</c> for <c>toJSON</c>.</summary>
/// <remarks>Vault's client decodes numbers as <c>json.Number</c>, so numbers keep their JSON text in both forms.</remarks>
internal static class GoValueFormatter
{
    /// <summary>Appends <paramref name="value"/> as Go's <c>fmt</c> prints it with <c>%v</c>: strings bare, maps as <c>map[k:v ...]</c> sorted by key, arrays as <c>[a b]</c>, null as <c>&lt;nil&gt;</c>.</summary>
    /// <param name="builder">The output.</param>
    /// <param name="value">The value.</param>
    public static void AppendValue(StringBuilder builder, JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                builder.Append(value.GetString());
                break;
            case JsonValueKind.Number:
                builder.Append(value.GetRawText());
                break;
            case JsonValueKind.True:
                builder.Append("true");
                break;
            case JsonValueKind.False:
                builder.Append("false");
                break;
            case JsonValueKind.Object:
                builder.Append("map[");
                bool first = true;
                foreach (JsonProperty property in SortedProperties(value))
                {
                    builder.Append(first ? string.Empty : " ").Append(property.Name).Append(':');
                    AppendValue(builder, property.Value);
                    first = false;
                }

                builder.Append(']');
                break;
            case JsonValueKind.Array:
                builder.Append('[');
                int index = 0;
                foreach (JsonElement item in value.EnumerateArray())
                {
                    builder.Append(index++ == 0 ? string.Empty : " ");
                    AppendValue(builder, item);
                }

                builder.Append(']');
                break;
            default:
                builder.Append("<nil>");
                break;
        }
    }

    /// <summary>Appends <paramref name="value"/> as Go's <c>json.Marshal</c> writes it: compact, object keys sorted, and <c>&lt;</c>, <c>&gt;</c>, <c>&amp;</c>, U+2028 and U+2029 escaped.</summary>
    /// <param name="builder">The output.</param>
    /// <param name="value">The value.</param>
    public static void AppendJson(StringBuilder builder, JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                AppendJsonString(builder, value.GetString()!);
                break;
            case JsonValueKind.Object:
                builder.Append('{');
                bool first = true;
                foreach (JsonProperty property in SortedProperties(value))
                {
                    builder.Append(first ? string.Empty : ",");
                    AppendJsonString(builder, property.Name);
                    builder.Append(':');
                    AppendJson(builder, property.Value);
                    first = false;
                }

                builder.Append('}');
                break;
            case JsonValueKind.Array:
                builder.Append('[');
                int index = 0;
                foreach (JsonElement item in value.EnumerateArray())
                {
                    builder.Append(index++ == 0 ? string.Empty : ",");
                    AppendJson(builder, item);
                }

                builder.Append(']');
                break;
            case JsonValueKind.Number:
            case JsonValueKind.True:
            case JsonValueKind.False:
                builder.Append(value.GetRawText());
                break;
            default:
                builder.Append("null");
                break;
        }
    }

    /// <summary>Appends a JSON string literal with Go's escaping.</summary>
    /// <param name="builder">The output.</param>
    /// <param name="text">The string.</param>
    public static void AppendJsonString(StringBuilder builder, string text)
    {
        builder.Append('"');
        foreach (char c in text)
        {
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                case '<' or '>' or '&' or '\u2028' or '\u2029' or < ' ':
                    builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    break;
                default: builder.Append(c); break;
            }
        }

        builder.Append('"');
    }

    private static IEnumerable<JsonProperty> SortedProperties(JsonElement value) =>
        value.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal);
}
