// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Text.Json;

namespace Vault.Kubernetes.Templates;

/// <summary>Go template comparison (<c>eq ne lt le gt ge</c>) over template values.</summary>
/// <remarks>
/// As in Go, JSON numbers from secret data compare as strings against string literals (they are <c>json.Number</c>),
/// nil equals only nil, and maps, lists and secrets cannot be compared. Unlike Go, integers, floats and JSON numbers
/// compare numerically with each other, so <c>eq .Data.metadata.version 3</c> works.
/// </remarks>
internal static class GoCompare
{
    public static bool AreEqual(object? left, object? right, string function)
    {
        if (left is null || right is null)
        {
            return left is null && right is null;
        }

        return Kinds(left, right, function) switch
        {
            Kind.Bool => (bool)left == (bool)right,
            Kind.Number => Number(left) == Number(right),
            _ => string.Equals(Text(left), Text(right), StringComparison.Ordinal),
        };
    }

    public static int Compare(object? left, object? right, string function)
    {
        if (left is null || right is null || left is bool || right is bool)
        {
            throw new TemplateFunctionException($"{function}: invalid type for comparison");
        }

        return Kinds(left, right, function) == Kind.Number
            ? Number(left).CompareTo(Number(right))
            : string.CompareOrdinal(Text(left), Text(right));
    }

    private static Kind Kinds(object left, object right, string function)
    {
        Kind a = KindOf(left, function);
        Kind b = KindOf(right, function);
        if (a == b)
        {
            return a;
        }

        // A JSON number is text to Go, but comparing it with a number literal is what authors mean.
        if ((a == Kind.JsonNumber && b == Kind.Number) || (a == Kind.Number && b == Kind.JsonNumber))
        {
            return Kind.Number;
        }

        if ((a == Kind.JsonNumber && b == Kind.String) || (a == Kind.String && b == Kind.JsonNumber))
        {
            return Kind.String;
        }

        throw new TemplateFunctionException(
            $"{function}: incompatible types for comparison ({TemplateValues.TypeName(left)} and {TemplateValues.TypeName(right)})");
    }

    private static Kind KindOf(object value, string function) => value switch
    {
        bool => Kind.Bool,
        long or double => Kind.Number,
        string => Kind.String,
        JsonElement { ValueKind: JsonValueKind.Number } => Kind.JsonNumber,
        _ => throw new TemplateFunctionException($"{function}: invalid type for comparison ({TemplateValues.TypeName(value)})"),
    };

    private static double Number(object value)
    {
        TemplateValues.TryGetNumber(value, out double number);
        return number;
    }

    private static string Text(object value)
    {
        TemplateValues.TryGetText(value, out string text);
        return text;
    }

    private enum Kind
    {
        Bool,
        Number,
        String,
        JsonNumber,
    }
}
