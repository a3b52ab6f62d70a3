// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Vault.Kubernetes.Templates;

/// <summary>Writes template values as JSON exactly as Go's <c>encoding/json</c> does, for <c>toJSON</c> and friends.</summary>
/// <remarks>
/// Object keys are sorted (Go marshals maps in key order), numbers keep their source text (<c>json.Number</c>), and
/// unless <c>escapeHtml</c> is off, <c>&lt;</c>, <c>&gt;</c> and <c>&amp;</c> become <c>\u003c</c>, <c>\u003e</c>, <c>\u0026</c>.
/// Written by hand rather than with <see cref="Utf8JsonWriter"/>, whose escaping differs from Go's.
/// </remarks>
internal static class GoJson
{
    public static string Serialize(object? value, bool escapeHtml, bool indented)
    {
        var builder = new StringBuilder();
        Write(builder, value, escapeHtml, indented ? 0 : -1);
        return builder.ToString();
    }

    private static void Write(StringBuilder builder, object? value, bool escapeHtml, int depth)
    {
        switch (value)
        {
            case null:
                builder.Append("null");
                break;
            case string s:
                WriteString(builder, s, escapeHtml);
                break;
            case bool b:
                builder.Append(b ? "true" : "false");
                break;
            case long l:
                builder.Append(l.ToString(CultureInfo.InvariantCulture));
                break;
            case double d:
                builder.Append(GoFormat.FormatFloat(d));
                break;
            case string[] list:
                WriteArray(builder, list.Length, i => list[i], escapeHtml, depth);
                break;
            case TemplateSecret secret:
                WriteSecret(builder, secret, escapeHtml, depth);
                break;
            case JsonElement { ValueKind: JsonValueKind.Number } number:
                builder.Append(number.GetRawText());
                break;
            case JsonElement { ValueKind: JsonValueKind.Array } array:
                JsonElement[] items = [.. array.EnumerateArray()];
                WriteArray(builder, items.Length, i => TemplateValues.FromJson(items[i]), escapeHtml, depth);
                break;
            case JsonElement { ValueKind: JsonValueKind.Object } obj:
                var properties = TemplateValues.SortedProperties(obj);
                WriteObject(builder, properties.Count, i => (properties[i].Name, TemplateValues.FromJson(properties[i].Value)), escapeHtml, depth);
                break;
            default:
                Write(builder, GoFormat.FormatValue(value), escapeHtml, depth);
                break;
        }
    }

    private static void WriteArray(StringBuilder builder, int count, System.Func<int, object?> item, bool escapeHtml, int depth)
    {
        if (count == 0)
        {
            builder.Append("[]");
            return;
        }

        builder.Append('[');
        for (int i = 0; i < count; i++)
        {
            builder.Append(i == 0 ? string.Empty : ",");
            NewLine(builder, Deeper(depth));
            Write(builder, item(i), escapeHtml, Deeper(depth));
        }

        NewLine(builder, depth);
        builder.Append(']');
    }

    private static void WriteObject(StringBuilder builder, int count, System.Func<int, (string Name, object? Value)> property, bool escapeHtml, int depth)
    {
        if (count == 0)
        {
            builder.Append("{}");
            return;
        }

        builder.Append('{');
        for (int i = 0; i < count; i++)
        {
            (string name, object? value) = property(i);
            builder.Append(i == 0 ? string.Empty : ",");
            NewLine(builder, Deeper(depth));
            WriteString(builder, name, escapeHtml);
            builder.Append(depth >= 0 ? ": " : ":");
            Write(builder, value, escapeHtml, Deeper(depth));
        }

        NewLine(builder, depth);
        builder.Append('}');
    }

    private static void WriteSecret(StringBuilder builder, TemplateSecret secret, bool escapeHtml, int depth)
    {
        // consul-template's Secret struct has no JSON tags, so Go uses the field names.
        (string, object?)[] fields =
        [
            ("RequestID", secret.RequestId),
            ("LeaseID", secret.LeaseId),
            ("LeaseDuration", secret.LeaseDuration),
            ("Renewable", secret.Renewable),
            ("Data", secret.Data.ValueKind == JsonValueKind.Object ? secret.Data : null),
            ("Warnings", secret.Warnings is { Count: > 0 } warnings ? [.. warnings] : (string[]?)null),
            ("Auth", null),
            ("WrapInfo", null),
        ];
        WriteObject(builder, fields.Length, i => fields[i], escapeHtml, depth);
    }

    private static int Deeper(int depth) => depth < 0 ? -1 : depth + 1;

    private static void NewLine(StringBuilder builder, int depth)
    {
        if (depth >= 0)
        {
            builder.Append('\n').Append(' ', depth * 2);
        }
    }

    private static void WriteString(StringBuilder builder, string value, bool escapeHtml)
    {
        builder.Append('"');
        for (int i = 0; i < value.Length; i++)
        {
            char c = value[i];
            switch (c)
            {
                case '"': builder.Append("\\\""); continue;
                case '\\': builder.Append("\\\\"); continue;
                case '\n': builder.Append("\\n"); continue;
                case '\r': builder.Append("\\r"); continue;
                case '\t': builder.Append("\\t"); continue;
                case '\b': builder.Append("\\b"); continue;
                case '\f': builder.Append("\\f"); continue;
                case '\u2028': builder.Append("\\u2028"); continue;
                case '\u2029': builder.Append("\\u2029"); continue;
                default:
                    break;
            }

            if (c < 0x20 || (escapeHtml && c is '<' or '>' or '&'))
            {
                builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
            }
            else if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                builder.Append(c).Append(value[++i]);
            }
            else if (char.IsSurrogate(c))
            {
                // Go replaces invalid UTF-8 with U+FFFD; a lone surrogate is the UTF-16 equivalent.
                builder.Append("\\ufffd");
            }
            else
            {
                builder.Append(c);
            }
        }

        builder.Append('"');
    }
}
