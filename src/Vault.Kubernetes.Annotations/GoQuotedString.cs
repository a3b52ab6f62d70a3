// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Globalization;
using System.Text;

namespace Vault.Kubernetes.Annotations;

/// <summary>Decodes the double-quoted strings Go's <c>strconv.Quote</c> produces, which is how the kubelet writes annotation values into a downward-API file.</summary>
internal static class GoQuotedString
{
    /// <summary>Decodes <paramref name="quoted"/> (including its surrounding quotes).</summary>
    /// <param name="quoted">The quoted text.</param>
    /// <param name="value">The decoded value.</param>
    /// <param name="error">Why decoding failed.</param>
    /// <returns><see langword="true"/> when <paramref name="quoted"/> is one well-formed quoted string.</returns>
    public static bool TryDecode(ReadOnlySpan<char> quoted, out string value, out string error)
    {
        value = string.Empty;
        if (quoted.Length < 2 || quoted[0] != '"' || quoted[^1] != '"')
        {
            error = "the value is not a double-quoted string";
            return false;
        }

        ReadOnlySpan<char> body = quoted[1..^1];
        var builder = new StringBuilder(body.Length);
        for (int i = 0; i < body.Length; i++)
        {
            char c = body[i];
            if (c == '"')
            {
                error = $"unescaped quote at column {i + 2}";
                return false;
            }

            if (c != '\\')
            {
                builder.Append(c);
                continue;
            }

            if (++i >= body.Length)
            {
                error = "the value ends with a lone backslash";
                return false;
            }

            char escape = body[i];
            switch (escape)
            {
                case 'a': builder.Append('\a'); break;
                case 'b': builder.Append('\b'); break;
                case 'f': builder.Append('\f'); break;
                case 'n': builder.Append('\n'); break;
                case 'r': builder.Append('\r'); break;
                case 't': builder.Append('\t'); break;
                case 'v': builder.Append('\v'); break;
                case '\\': builder.Append('\\'); break;
                case '"': builder.Append('"'); break;
                case '\'': builder.Append('\''); break;
                case 'x' or 'u' or 'U':
                    int digits = escape switch { 'x' => 2, 'u' => 4, _ => 8 };
                    if (body.Length - i - 1 < digits
                        || !int.TryParse(body.Slice(i + 1, digits), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out int code))
                    {
                        error = $"bad \\{escape} escape at column {i + 1}";
                        return false;
                    }

                    if (escape == 'x')
                    {
                        // Go writes invalid UTF-8 bytes as \xNN; Latin-1 is the only lossless reading without the raw bytes.
                        builder.Append((char)code);
                    }
                    else
                    {
                        if (code is < 0 or > 0x10FFFF or (>= 0xD800 and <= 0xDFFF))
                        {
                            error = $"bad \\{escape} escape at column {i + 1}";
                            return false;
                        }

                        builder.Append(char.ConvertFromUtf32(code));
                    }

                    i += digits;
                    break;
                case >= '0' and <= '7':
                    if (body.Length - i < 3 || !IsOctal(body[i + 1]) || !IsOctal(body[i + 2]))
                    {
                        error = $"bad octal escape at column {i + 1}";
                        return false;
                    }

                    builder.Append((char)(((escape - '0') * 64) + ((body[i + 1] - '0') * 8) + (body[i + 2] - '0')));
                    i += 2;
                    break;
                default:
                    error = $"unknown escape \\{escape} at column {i + 1}";
                    return false;
            }
        }

        value = builder.ToString();
        error = string.Empty;
        return true;
    }

    private static bool IsOctal(char c) => c is >= '0' and <= '7';
}
