// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Globalization;

namespace Vault.Kubernetes.Templates;

/// <summary>consul-template's math helpers: <c>add b a</c> is a+b, so the piped value is the left operand.</summary>
/// <remarks>
/// Two integers give a Go <c>int64</c> (wrapping on overflow, as Go does); any float operand gives a <c>float64</c>.
/// <c>minimum</c> and <c>maximum</c> return the chosen operand unchanged, keeping its type. JSON numbers from secret
/// data are accepted as integers or floats; consul-template itself rejects them as strings, so this only widens
/// what renders. Messages name the function and operand types, never the operand values.
/// </remarks>
internal static class GoMath
{
    /// <summary>Applies <paramref name="function"/> to <c>left</c> (the last argument) and <c>right</c> (the first).</summary>
    public static object Apply(string function, object? right, object? left) => function switch
    {
        "add" => Arithmetic(function, right, left, static (a, b) => unchecked(a + b), static (a, b) => a + b),
        "subtract" => Arithmetic(function, right, left, static (a, b) => unchecked(a - b), static (a, b) => a - b),
        "multiply" => Arithmetic(function, right, left, static (a, b) => unchecked(a * b), static (a, b) => a * b),
        "divide" => Arithmetic(function, right, left, static (a, b) => b == -1 ? unchecked(-a) : a / b, static (a, b) => a / b),
        "modulo" => Modulo(right, left),
        "minimum" => Pick(function, right, left, minimum: true),
        "maximum" => Pick(function, right, left, minimum: false),
        _ => throw new ArgumentOutOfRangeException(nameof(function), function, "not a math function"),
    };

    private static object Arithmetic(string function, object? right, object? left, Func<long, long, long> integers, Func<double, double, double> floats)
    {
        (object a, object b) = Operands(function, right, left);
        if (function == "divide" && IsZero(b))
        {
            throw new TemplateFunctionException("divide: division by zero");
        }

        return (a, b) is (long x, long y) ? (object)integers(x, y) : floats(ToDouble(a), ToDouble(b));
    }

    private static long Modulo(object? right, object? left)
    {
        (object a, object b) = Operands("modulo", right, left);
        if (a is not long x || b is not long y)
        {
            // Go's modulo takes integers only.
            throw new TemplateFunctionException(string.Create(CultureInfo.InvariantCulture,
                $"modulo: argument {(a is long ? 1 : 2)} must be an integer, got float64"));
        }

        return y == 0 ? throw new TemplateFunctionException("modulo: division by zero") : y == -1 ? 0 : x % y;
    }

    private static object Pick(string function, object? right, object? left, bool minimum)
    {
        (object a, object b) = Operands(function, right, left);
        bool leftWins = (a, b) is (long x, long y)
            ? (minimum ? x < y : x > y)
            : (minimum ? ToDouble(a) < ToDouble(b) : ToDouble(a) > ToDouble(b));
        return leftWins ? a : b;
    }

    private static (object Left, object Right) Operands(string function, object? right, object? left) =>
        (Number(left, function, 2), Number(right, function, 1));

    // Integers first, so a JSON number that fits int64 stays an integer.
    private static object Number(object? value, string function, int argument) =>
        value is double ? value
        : TemplateValues.TryGetInteger(value, out long integer) ? (object)integer
        : TemplateValues.TryGetNumber(value, out double number) ? (object)number
        : throw new TemplateFunctionException(string.Create(CultureInfo.InvariantCulture,
            $"{function}: argument {argument} must be a number, got {TemplateValues.TypeName(value)}"));

    private static bool IsZero(object value) => value is long l ? l == 0 : (double)value == 0;

    private static double ToDouble(object value) => value is long l ? l : (double)value;
}
