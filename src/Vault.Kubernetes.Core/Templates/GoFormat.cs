// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Vault.Kubernetes.Templates;

/// <summary>Prints template values the way Go's <c>fmt</c> does for <c>{{ . }}</c>, <c>print</c> and <c>printf</c>.</summary>
internal static class GoFormat
{
    private const int MaxWidth = 1_000_000;

    public static void AppendValue(StringBuilder builder, object? value)
    {
        switch (value)
        {
            case null:
                builder.Append("<nil>");
                break;
            case string s:
                builder.Append(s);
                break;
            case bool b:
                builder.Append(b ? "true" : "false");
                break;
            case long l:
                builder.Append(l.ToString(CultureInfo.InvariantCulture));
                break;
            case double d:
                builder.Append(FormatFloat(d));
                break;
            case string[] list:
                builder.Append('[').AppendJoin(' ', list).Append(']');
                break;
            case TemplateSecret secret:
                AppendSecret(builder, secret);
                break;
            case JsonElement element:
                AppendJson(builder, element);
                break;
            default:
                builder.Append(Convert.ToString(value, CultureInfo.InvariantCulture));
                break;
        }
    }

    public static string FormatValue(object? value)
    {
        if (value is string s)
        {
            return s;
        }

        var builder = new StringBuilder();
        AppendValue(builder, value);
        return builder.ToString();
    }

    /// <summary>Formats like Go's <c>fmt.Sprint</c>: a space goes between operands when neither is a string.</summary>
    public static string Sprint(object?[] arguments, bool line)
    {
        var builder = new StringBuilder();
        for (int i = 0; i < arguments.Length; i++)
        {
            if (i > 0 && (line || (arguments[i] is not string && arguments[i - 1] is not string)))
            {
                builder.Append(' ');
            }

            AppendValue(builder, arguments[i]);
        }

        return line ? builder.Append('\n').ToString() : builder.ToString();
    }

    /// <summary>Formats like Go's <c>fmt.Sprintf</c> for the verbs templates use: <c>%v %s %d %q %t %f %e %g %x %X %o %b %c %%</c>, with flags, width and precision.</summary>
    public static string Sprintf(string format, ReadOnlySpan<object?> arguments)
    {
        var builder = new StringBuilder(format.Length + 16);
        int next = 0;
        int i = 0;
        while (i < format.Length)
        {
            char c = format[i++];
            if (c != '%')
            {
                builder.Append(c);
                continue;
            }

            var spec = new Spec();
            while (i < format.Length && format[i] is '-' or '+' or '#' or ' ' or '0')
            {
                spec.SetFlag(format[i++]);
            }

            spec.Width = ReadNumber(format, ref i);
            if (i < format.Length && format[i] == '.')
            {
                i++;
                spec.Precision = ReadNumber(format, ref i) ?? 0;
            }

            if (spec.Width > MaxWidth || spec.Precision > MaxWidth)
            {
                // Go refuses widths and precisions above 1e6 the same way, then formats without them.
                builder.Append(spec.Width > MaxWidth ? "%!(BADWIDTH)" : "%!(BADPREC)");
                spec.Width = null;
                spec.Precision = null;
            }

            if (i >= format.Length)
            {
                builder.Append("%!(NOVERB)");
                break;
            }

            char verb = format[i++];
            if (verb == '%')
            {
                builder.Append('%');
                continue;
            }

            if (next >= arguments.Length)
            {
                builder.Append("%!").Append(verb).Append("(MISSING)");
                continue;
            }

            object? argument = arguments[next++];
            string? formatted = FormatVerb(verb, spec, argument);
            if (formatted is null && argument is null)
            {
                builder.Append("%!").Append(verb).Append("(<nil>)");
                continue;
            }

            if (formatted is null)
            {
                builder.Append("%!").Append(verb).Append('(').Append(GoTypeName(argument)).Append('=');
                AppendValue(builder, argument);
                builder.Append(')');
                continue;
            }

            Pad(builder, formatted, spec, numeric: verb is 'd' or 'f' or 'F' or 'e' or 'E' or 'g' or 'G' or 'x' or 'X' or 'o' or 'b');
        }

        if (next < arguments.Length)
        {
            builder.Append("%!(EXTRA ");
            for (int extra = next; extra < arguments.Length; extra++)
            {
                builder.Append(extra > next ? ", " : string.Empty).Append(GoTypeName(arguments[extra])).Append('=');
                AppendValue(builder, arguments[extra]);
            }

            builder.Append(')');
        }

        return builder.ToString();
    }

    /// <summary>Quotes like Go's <c>strconv.Quote</c>.</summary>
    public static string Quote(string value)
    {
        var builder = new StringBuilder(value.Length + 2).Append('"');
        foreach (Rune rune in value.EnumerateRunes())
        {
            switch (rune.Value)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\a': builder.Append("\\a"); break;
                case '\b': builder.Append("\\b"); break;
                case '\f': builder.Append("\\f"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                case '\v': builder.Append("\\v"); break;
                default:
                    if (rune.Value < 0x20 || rune.Value == 0x7F)
                    {
                        builder.Append(CultureInfo.InvariantCulture, $"\\x{rune.Value:x2}");
                    }
                    else if (Rune.IsControl(rune) || Rune.GetUnicodeCategory(rune) is UnicodeCategory.Format or UnicodeCategory.Surrogate or UnicodeCategory.OtherNotAssigned)
                    {
                        string escape = rune.Value > 0xFFFF ? "\\U" + rune.Value.ToString("x8", CultureInfo.InvariantCulture) : "\\u" + rune.Value.ToString("x4", CultureInfo.InvariantCulture);
                        builder.Append(escape);
                    }
                    else
                    {
                        builder.Append(rune.ToString());
                    }

                    break;
            }
        }

        return builder.Append('"').ToString();
    }

    /// <summary>Formats a float like Go's <c>%v</c>: shortest representation, exponent form only below 1e-4 or from 1e21.</summary>
    public static string FormatFloat(double value)
    {
        if (double.IsNaN(value))
        {
            return "NaN";
        }

        if (double.IsInfinity(value))
        {
            return value > 0 ? "+Inf" : "-Inf";
        }

        double magnitude = Math.Abs(value);
        if (magnitude != 0 && (magnitude < 1e-4 || magnitude >= 1e21))
        {
            return GoExponent(value);
        }

        string shortest = value.ToString("R", CultureInfo.InvariantCulture);
        return shortest.Contains('E', StringComparison.Ordinal) ? value.ToString("F0", CultureInfo.InvariantCulture) : shortest;
    }

    private static string GoExponent(double value)
    {
        // Shortest round-trip digits, then Go's exponent form (at least two exponent digits, explicit sign).
        string shortest = value.ToString("R", CultureInfo.InvariantCulture);
        int e = shortest.IndexOfAny(['E', 'e']);
        string mantissa;
        int exponent;
        if (e >= 0)
        {
            mantissa = shortest[..e];
            exponent = int.Parse(shortest.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        }
        else
        {
            string scientific = value.ToString("E15", CultureInfo.InvariantCulture);
            int se = scientific.IndexOf('E', StringComparison.Ordinal);
            mantissa = scientific[..se].TrimEnd('0').TrimEnd('.');
            exponent = int.Parse(scientific.AsSpan(se + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        }

        return string.Create(CultureInfo.InvariantCulture, $"{mantissa}e{(exponent < 0 ? '-' : '+')}{Math.Abs(exponent):00}");
    }

    private static string? FormatVerb(char verb, Spec spec, object? argument)
    {
        switch (verb)
        {
            case 'v':
                return argument is null ? "<nil>" : Truncate(FormatValue(argument), spec);
            case 's':
                if (argument is long or double or bool or null)
                {
                    return null;
                }

                return Truncate(FormatValue(argument), spec);
            case 'q':
                if (TemplateValues.TryGetText(argument, out string text))
                {
                    return Quote(text);
                }

                return argument is long rune && rune is >= 0 and <= 0x10FFFF
                    ? "'" + Quote(RuneText(rune))[1..^1].Replace("'", "\\'", StringComparison.Ordinal) + "'"
                    : null;
            case 't':
                return argument is bool b ? (b ? "true" : "false") : null;
            case 'd':
            case 'x':
            case 'X':
            case 'o':
            case 'b':
            case 'c':
                return FormatInteger(verb, spec, argument);
            case 'f':
            case 'F':
            case 'e':
            case 'E':
            case 'g':
            case 'G':
                return argument is not string && TemplateValues.TryGetNumber(argument, out double number)
                    ? FormatFloatVerb(verb, spec, number)
                    : null;
            default:
                return null;
        }
    }

    private static string? FormatInteger(char verb, Spec spec, object? argument)
    {
        if ((verb is 'x' or 'X') && argument is string s)
        {
            string hex = Convert.ToHexString(Encoding.UTF8.GetBytes(s));
            return verb == 'x' ? hex.ToLowerInvariant() : hex;
        }

        if (!TemplateValues.TryGetInteger(argument, out long value))
        {
            return null;
        }

        if (verb == 'c')
        {
            return RuneText(value);
        }

        ulong magnitude = value < 0 ? (ulong)(-(value + 1)) + 1 : (ulong)value;
        string digits = verb switch
        {
            'x' => magnitude.ToString("x", CultureInfo.InvariantCulture),
            'X' => magnitude.ToString("X", CultureInfo.InvariantCulture),
            'o' => Convert.ToString((long)magnitude, 8),
            'b' => Convert.ToString((long)magnitude, 2),
            _ => magnitude.ToString(CultureInfo.InvariantCulture),
        };
        if (spec.Precision is int precision && digits.Length < precision)
        {
            digits = digits.PadLeft(precision, '0');
        }

        if (spec.Sharp)
        {
            digits = verb switch { 'x' => "0x" + digits, 'X' => "0X" + digits, 'o' => "0" + digits, 'b' => "0b" + digits, _ => digits };
        }

        return Sign(value < 0, spec) + digits;
    }

    private static string FormatFloatVerb(char verb, Spec spec, double value)
    {
        int precision = spec.Precision ?? 6;
        string body = verb switch
        {
            'f' or 'F' => Math.Abs(value).ToString("F" + precision.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture),
            'e' or 'E' => ExponentVerb(Math.Abs(value), precision, verb),
            _ => spec.Precision is null ? FormatFloat(Math.Abs(value)) : Math.Abs(value).ToString("G" + precision.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture),
        };
        if (verb == 'G')
        {
            body = body.ToUpperInvariant();
        }

        return Sign(value < 0 || (value == 0 && double.IsNegative(value)), spec) + body;
    }

    private static string ExponentVerb(double value, int precision, char verb)
    {
        string formatted = value.ToString((verb == 'e' ? "e" : "E") + precision.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        int e = formatted.IndexOfAny(['e', 'E']);
        int exponent = int.Parse(formatted.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        return string.Create(CultureInfo.InvariantCulture, $"{formatted[..(e + 1)]}{(exponent < 0 ? '-' : '+')}{Math.Abs(exponent):00}");
    }

    /// <summary>Returns the text of a code point, or U+FFFD for values that are not Unicode scalars (as Go does).</summary>
    private static string RuneText(long value) =>
        value is >= 0 and <= 0x10FFFF && Rune.IsValid((int)value) ? char.ConvertFromUtf32((int)value) : "\uFFFD";

    private static string Sign(bool negative, Spec spec) => negative ? "-" : spec.Plus ? "+" : spec.Space ? " " : string.Empty;

    private static string Truncate(string value, Spec spec)
    {
        if (spec.Precision is int precision && precision < value.Length)
        {
            return value[..precision];
        }

        return value;
    }

    private static void Pad(StringBuilder builder, string formatted, Spec spec, bool numeric)
    {
        int width = spec.Width ?? 0;
        if (formatted.Length >= width)
        {
            builder.Append(formatted);
        }
        else if (spec.Minus)
        {
            builder.Append(formatted).Append(' ', width - formatted.Length);
        }
        else if (spec.Zero && numeric)
        {
            int signLength = formatted.Length > 0 && formatted[0] is '-' or '+' or ' ' ? 1 : 0;
            builder.Append(formatted, 0, signLength).Append('0', width - formatted.Length).Append(formatted, signLength, formatted.Length - signLength);
        }
        else
        {
            builder.Append(' ', width - formatted.Length).Append(formatted);
        }
    }

    private static int? ReadNumber(string format, ref int index)
    {
        int start = index;
        while (index < format.Length && char.IsAsciiDigit(format[index]))
        {
            index++;
        }

        return index > start && int.TryParse(format.AsSpan(start, index - start), NumberStyles.None, CultureInfo.InvariantCulture, out int number)
            ? number
            : null;
    }

    private static string GoTypeName(object? value) => value switch
    {
        null => "<nil>",
        JsonElement { ValueKind: JsonValueKind.Object } => "map[string]interface {}",
        JsonElement { ValueKind: JsonValueKind.Array } => "[]interface {}",
        TemplateSecret => "*dependency.Secret",
        _ => TemplateValues.TypeName(value),
    };

    private static void AppendJson(StringBuilder builder, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                builder.Append("map[");
                bool first = true;
                foreach (JsonProperty property in TemplateValues.SortedProperties(element))
                {
                    builder.Append(first ? string.Empty : " ").Append(property.Name).Append(':');
                    AppendValue(builder, TemplateValues.FromJson(property.Value));
                    first = false;
                }

                builder.Append(']');
                break;
            case JsonValueKind.Array:
                builder.Append('[');
                int index = 0;
                foreach (JsonElement item in element.EnumerateArray())
                {
                    builder.Append(index++ == 0 ? string.Empty : " ");
                    AppendValue(builder, TemplateValues.FromJson(item));
                }

                builder.Append(']');
                break;
            case JsonValueKind.Number:
                builder.Append(element.GetRawText());
                break;
            default:
                AppendValue(builder, TemplateValues.FromJson(element));
                break;
        }
    }

    private static void AppendSecret(StringBuilder builder, TemplateSecret secret)
    {
        // Go prints a *Secret as &{RequestID LeaseID LeaseDuration Renewable Data Warnings Auth WrapInfo}.
        builder.Append("&{").Append(secret.RequestId).Append(' ').Append(secret.LeaseId).Append(' ')
            .Append(secret.LeaseDuration.ToString(CultureInfo.InvariantCulture)).Append(' ')
            .Append(secret.Renewable ? "true" : "false").Append(' ');
        AppendValue(builder, secret.Data.ValueKind == JsonValueKind.Object ? secret.Data : null);
        builder.Append(" [").AppendJoin(' ', secret.Warnings).Append("] <nil> <nil>}");
    }

    private struct Spec
    {
        public bool Minus;
        public bool Plus;
        public bool Sharp;
        public bool Space;
        public bool Zero;
        public int? Width;
        public int? Precision;

        public void SetFlag(char flag)
        {
            switch (flag)
            {
                case '-': Minus = true; break;
                case '+': Plus = true; break;
                case '#': Sharp = true; break;
                case ' ': Space = true; break;
                default: Zero = true; break;
            }
        }
    }
}
