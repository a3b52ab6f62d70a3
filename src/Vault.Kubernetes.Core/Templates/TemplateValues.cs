// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;

namespace Vault.Kubernetes.Templates;

/// <summary>Conversions and Go-like semantics for the values a template evaluates.</summary>
/// <remarks>
/// Values are <see langword="null"/> (Go's nil and a missing key), <see cref="string"/>, <see cref="bool"/>,
/// <see cref="long"/>, <see cref="double"/>, <see cref="string"/> arrays (from <c>split</c>),
/// <see cref="TemplateSecret"/>, or a <see cref="JsonElement"/> that is an object, an array or a number. JSON strings,
/// booleans and nulls are always converted to the native values. A JSON number keeps its source text, as Vault's Go
/// client decodes numbers to <c>json.Number</c>, a string type: it prints as written and is truthy when present.
/// </remarks>
internal static class TemplateValues
{
    public static object? FromJson(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => element.GetString(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        _ => element,
    };

    public static bool IsTrue(object? value) => value switch
    {
        null => false,
        bool b => b,
        long l => l != 0,
        double d => d != 0,
        string s => s.Length > 0,
        string[] list => list.Length > 0,
        JsonElement { ValueKind: JsonValueKind.Object } e => e.EnumerateObject().MoveNext(),
        JsonElement { ValueKind: JsonValueKind.Array } e => e.GetArrayLength() > 0,
        _ => true,
    };

    /// <summary>Returns a Go-like type name for messages; never the value.</summary>
    public static string TypeName(object? value) => value switch
    {
        null => "nil",
        string => "string",
        bool => "bool",
        long => "int",
        double => "float64",
        string[] => "[]string",
        TemplateSecret => "secret",
        JsonElement { ValueKind: JsonValueKind.Object } => "map",
        JsonElement { ValueKind: JsonValueKind.Array } => "array",
        JsonElement { ValueKind: JsonValueKind.Number } => "json.Number",
        _ => value.GetType().Name,
    };

    /// <summary>Gets text from a string or a JSON number (Go's <c>json.Number</c> is a string type).</summary>
    public static bool TryGetText(object? value, out string text)
    {
        switch (value)
        {
            case string s:
                text = s;
                return true;
            case JsonElement { ValueKind: JsonValueKind.Number } number:
                text = number.GetRawText();
                return true;
            default:
                text = string.Empty;
                return false;
        }
    }

    public static string ExpectText(object? value, string function, int argument) =>
        TryGetText(value, out string text)
            ? text
            : throw new TemplateFunctionException(string.Create(CultureInfo.InvariantCulture,
                $"{function}: argument {argument} must be a string, got {TypeName(value)}"));

    public static bool TryGetInteger(object? value, out long integer)
    {
        switch (value)
        {
            case long l:
                integer = l;
                return true;
            case JsonElement { ValueKind: JsonValueKind.Number } number when number.TryGetInt64(out long parsed):
                integer = parsed;
                return true;
            default:
                integer = 0;
                return false;
        }
    }

    public static long ExpectInteger(object? value, string function, int argument) =>
        TryGetInteger(value, out long integer)
            ? integer
            : throw new TemplateFunctionException(string.Create(CultureInfo.InvariantCulture,
                $"{function}: argument {argument} must be an integer, got {TypeName(value)}"));

    public static bool TryGetNumber(object? value, out double number)
    {
        switch (value)
        {
            case long l:
                number = l;
                return true;
            case double d:
                number = d;
                return true;
            case JsonElement { ValueKind: JsonValueKind.Number } element:
                return element.TryGetDouble(out number);
            default:
                number = 0;
                return false;
        }
    }

    /// <summary>Gets the elements of a list value (a JSON array or a string array).</summary>
    public static bool TryGetList(object? value, out List<object?> items)
    {
        items = [];
        switch (value)
        {
            case string[] strings:
                items.AddRange(strings);
                return true;
            case JsonElement { ValueKind: JsonValueKind.Array } array:
                foreach (JsonElement item in array.EnumerateArray())
                {
                    items.Add(FromJson(item));
                }

                return true;
            default:
                return false;
        }
    }

    /// <summary>Returns an object's properties sorted by name (ordinal), as Go iterates and prints maps.</summary>
    public static List<JsonProperty> SortedProperties(JsonElement element)
    {
        var properties = new List<JsonProperty>();
        foreach (JsonProperty property in element.EnumerateObject())
        {
            properties.Add(property);
        }

        properties.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        return properties;
    }
}
