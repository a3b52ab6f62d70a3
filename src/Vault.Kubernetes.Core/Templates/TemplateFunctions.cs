// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Collections.Frozen;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Vault.Kubernetes.Templates;

/// <summary>The supported function set: Go's template built-ins plus the consul-template helpers used with Vault secrets.</summary>
/// <remarks>
/// Argument orders follow consul-template so that the piped value comes last: <c>split sep s</c>, <c>join sep list</c>,
/// <c>replaceAll old new s</c>, <c>contains needle haystack</c>, <c>indent spaces s</c>, <c>trimPrefix prefix s</c>,
/// <c>regexReplaceAll pattern replacement s</c>, and for math <c>subtract b a</c> is a-b (see <see cref="GoMath"/>).
/// Any other name fails at parse time.
/// Error messages name the function and argument types, never argument values.
/// </remarks>
internal static partial class TemplateFunctions
{
    public const string SecretFunctionName = "secret";
    public const string AndFunctionName = "and";
    public const string OrFunctionName = "or";

    private static readonly FrozenDictionary<string, TemplateFunction> s_functions = CreateFunctions();

    public static bool TryGet(string name, [NotNullWhen(true)] out TemplateFunction? function) =>
        s_functions.TryGetValue(name, out function);

    /// <summary>Builds a request from <c>secret</c>'s arguments: a path then <c>key=value</c> strings (empty ones are skipped, keys and values trimmed).</summary>
    public static TemplateSecretRequest CreateSecretRequest(IReadOnlyList<string> arguments)
    {
        string path = arguments[0].Trim().Trim('/');
        if (path.Length == 0)
        {
            throw new TemplateFunctionException("secret: the path is empty");
        }

        var parameters = new List<KeyValuePair<string, string>>();
        for (int i = 1; i < arguments.Count; i++)
        {
            string pair = arguments[i];
            if (pair.Length == 0)
            {
                continue;
            }

            int equals = pair.IndexOf('=', StringComparison.Ordinal);
            string key = equals < 0 ? string.Empty : pair[..equals].Trim();
            if (key.Length == 0)
            {
                throw new TemplateFunctionException(string.Create(CultureInfo.InvariantCulture,
                    $"secret: argument {i + 1} is not a \"key=value\" pair"));
            }

            parameters.Add(new KeyValuePair<string, string>(key, pair[(equals + 1)..].Trim()));
        }

        return new TemplateSecretRequest(path, parameters);
    }

    private static FrozenDictionary<string, TemplateFunction> CreateFunctions()
    {
        TemplateFunction[] functions =
        [
            new(SecretFunctionName, 1, -1, static (e, a) => e.ResolveSecret(CreateSecretRequest(Texts(a, SecretFunctionName)))),
            new("index", 1, -1, static (_, a) => Index(a)),
            new("len", 1, 1, static (_, a) => Length(a[0])),
            new("printf", 1, -1, static (_, a) => GoFormat.Sprintf(TemplateValues.ExpectText(a[0], "printf", 1), a.AsSpan(1))),
            new("print", 0, -1, static (_, a) => GoFormat.Sprint(a, line: false)),
            new("println", 0, -1, static (_, a) => GoFormat.Sprint(a, line: true)),
            new("not", 1, 1, static (_, a) => !TemplateValues.IsTrue(a[0])),
            new(AndFunctionName, 1, -1, static (_, a) => FirstDeciding(a, decidingTruth: false)),
            new(OrFunctionName, 1, -1, static (_, a) => FirstDeciding(a, decidingTruth: true)),
            new("eq", 2, -1, static (_, a) => Equal(a)),
            new("ne", 2, 2, static (_, a) => !GoCompare.AreEqual(a[0], a[1], "ne")),
            new("lt", 2, 2, static (_, a) => GoCompare.Compare(a[0], a[1], "lt") < 0),
            new("le", 2, 2, static (_, a) => GoCompare.Compare(a[0], a[1], "le") <= 0),
            new("gt", 2, 2, static (_, a) => GoCompare.Compare(a[0], a[1], "gt") > 0),
            new("ge", 2, 2, static (_, a) => GoCompare.Compare(a[0], a[1], "ge") >= 0),
            new("toJSON", 1, 1, static (_, a) => GoJson.Serialize(a[0], escapeHtml: true, indented: false)),
            new("toUnescapedJSON", 1, 1, static (_, a) => GoJson.Serialize(a[0], escapeHtml: false, indented: false)),
            new("toJSONPretty", 1, 1, static (_, a) => GoJson.Serialize(ExpectMap(a[0], "toJSONPretty"), escapeHtml: true, indented: true)),
            new("parseJSON", 1, 1, static (_, a) => ParseJson(TemplateValues.ExpectText(a[0], "parseJSON", 1))),
            new("base64Encode", 1, 1, static (_, a) => Convert.ToBase64String(Encoding.UTF8.GetBytes(TemplateValues.ExpectText(a[0], "base64Encode", 1)))),
            new("base64Decode", 1, 1, static (_, a) => Base64Decode(TemplateValues.ExpectText(a[0], "base64Decode", 1), "base64Decode", urlSafe: false)),
            new("base64URLEncode", 1, 1, static (_, a) => ToUrlSafe(Convert.ToBase64String(Encoding.UTF8.GetBytes(TemplateValues.ExpectText(a[0], "base64URLEncode", 1))))),
            new("base64URLDecode", 1, 1, static (_, a) => Base64Decode(TemplateValues.ExpectText(a[0], "base64URLDecode", 1), "base64URLDecode", urlSafe: true)),
            new("toUpper", 1, 1, static (_, a) => TemplateValues.ExpectText(a[0], "toUpper", 1).ToUpperInvariant()),
            new("toLower", 1, 1, static (_, a) => TemplateValues.ExpectText(a[0], "toLower", 1).ToLowerInvariant()),
            new("trimSpace", 1, 1, static (_, a) => TemplateValues.ExpectText(a[0], "trimSpace", 1).Trim()),
            new("trimPrefix", 2, 2, static (_, a) => TrimAffix(Texts(a, "trimPrefix"), prefix: true)),
            new("trimSuffix", 2, 2, static (_, a) => TrimAffix(Texts(a, "trimSuffix"), prefix: false)),
            new("toTitle", 1, 1, static (_, a) => ToTitle(TemplateValues.ExpectText(a[0], "toTitle", 1))),
            new("sha256Hex", 1, 1, static (_, a) => Convert.ToHexStringLower(SHA256.HashData(Utf8(a[0], "sha256Hex")))),
            new("md5sum", 1, 1, static (_, a) => Convert.ToHexStringLower(MD5.HashData(Utf8(a[0], "md5sum")))),
            new("regexMatch", 2, 2, static (_, a) => RegexMatch(Texts(a, "regexMatch"))),
            new("regexReplaceAll", 3, 3, static (_, a) => RegexReplaceAll(Texts(a, "regexReplaceAll"))),
            new("add", 2, 2, static (_, a) => GoMath.Apply("add", a[0], a[1])),
            new("subtract", 2, 2, static (_, a) => GoMath.Apply("subtract", a[0], a[1])),
            new("multiply", 2, 2, static (_, a) => GoMath.Apply("multiply", a[0], a[1])),
            new("divide", 2, 2, static (_, a) => GoMath.Apply("divide", a[0], a[1])),
            new("modulo", 2, 2, static (_, a) => GoMath.Apply("modulo", a[0], a[1])),
            new("minimum", 2, 2, static (_, a) => GoMath.Apply("minimum", a[0], a[1])),
            new("maximum", 2, 2, static (_, a) => GoMath.Apply("maximum", a[0], a[1])),
            new("split", 2, 2, static (_, a) => Split(TemplateValues.ExpectText(a[0], "split", 1), TemplateValues.ExpectText(a[1], "split", 2))),
            new("join", 2, 2, static (_, a) => Join(TemplateValues.ExpectText(a[0], "join", 1), a[1])),
            new("replaceAll", 3, 3, static (_, a) => ReplaceAll(Texts(a, "replaceAll"))),
            new("contains", 2, 2, static (_, a) => Contains(a[1], a[0])),
            new("in", 2, 2, static (_, a) => Contains(a[0], a[1])),
            new("indent", 2, 2, static (_, a) => Indent(TemplateValues.ExpectInteger(a[0], "indent", 1), TemplateValues.ExpectText(a[1], "indent", 2))),
            new("env", 1, 1, static (e, a) => e.GetEnvironmentVariable(TemplateValues.ExpectText(a[0], "env", 1)) ?? string.Empty),
            new("envOrDefault", 2, 2, static (e, a) =>
                e.GetEnvironmentVariable(TemplateValues.ExpectText(a[0], "envOrDefault", 1)) ?? TemplateValues.ExpectText(a[1], "envOrDefault", 2)),
        ];

        var byName = new Dictionary<string, TemplateFunction>(StringComparer.Ordinal);
        foreach (TemplateFunction function in functions)
        {
            byName.Add(function.Name, function);
        }

        return byName.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static string[] Texts(object?[] arguments, string function)
    {
        var texts = new string[arguments.Length];
        for (int i = 0; i < arguments.Length; i++)
        {
            texts[i] = TemplateValues.ExpectText(arguments[i], function, i + 1);
        }

        return texts;
    }

    /// <summary>Go's <c>and</c>/<c>or</c> on evaluated arguments: the first argument whose truth decides the result, else the last.</summary>
    private static object? FirstDeciding(object?[] arguments, bool decidingTruth)
    {
        int index = Array.FindIndex(arguments, value => TemplateValues.IsTrue(value) == decidingTruth);
        return arguments[index < 0 ? ^1 : index];
    }

    private static bool Equal(object?[] arguments)
    {
        for (int i = 1; i < arguments.Length; i++)
        {
            if (GoCompare.AreEqual(arguments[0], arguments[i], "eq"))
            {
                return true;
            }
        }

        return false;
    }

    private static object? Index(object?[] arguments)
    {
        object? item = arguments[0];
        for (int i = 1; i < arguments.Length; i++)
        {
            object? key = arguments[i];
            switch (item)
            {
                case JsonElement { ValueKind: JsonValueKind.Object } map:
                    if (key is not string name)
                    {
                        throw new TemplateFunctionException($"index: a map key must be a string, got {TemplateValues.TypeName(key)}");
                    }

                    // Go returns the zero value for a missing key, even with missingkey=error.
                    item = map.TryGetProperty(name, out JsonElement value) ? TemplateValues.FromJson(value) : null;
                    break;
                case JsonElement { ValueKind: JsonValueKind.Array }:
                case string[]:
                    TemplateValues.TryGetList(item, out List<object?> list);
                    item = list[CheckedIndex(key, list.Count)];
                    break;
                case string s:
                    byte[] bytes = Encoding.UTF8.GetBytes(s);
                    item = (long)bytes[CheckedIndex(key, bytes.Length)];
                    break;
                case null:
                    throw new TemplateFunctionException("index of untyped nil");
                default:
                    throw new TemplateFunctionException($"can't index item of type {TemplateValues.TypeName(item)}");
            }
        }

        return item;
    }

    private static int CheckedIndex(object? key, int count)
    {
        if (!TemplateValues.TryGetInteger(key, out long index))
        {
            throw new TemplateFunctionException($"index: a list index must be an integer, got {TemplateValues.TypeName(key)}");
        }

        if (index < 0 || index >= count)
        {
            // Go prints the index, but it may come from secret data, so the message leaves it out.
            throw new TemplateFunctionException("index out of range");
        }

        return (int)index;
    }

    private static long Length(object? value) => value switch
    {
        string s => Encoding.UTF8.GetByteCount(s),
        string[] list => list.Length,
        JsonElement { ValueKind: JsonValueKind.Array } array => array.GetArrayLength(),
        JsonElement { ValueKind: JsonValueKind.Object } map => TemplateValues.SortedProperties(map).Count,
        JsonElement { ValueKind: JsonValueKind.Number } number => number.GetRawText().Length,
        _ => throw new TemplateFunctionException($"len of type {TemplateValues.TypeName(value)}"),
    };

    private static JsonElement ExpectMap(object? value, string function) =>
        value is JsonElement { ValueKind: JsonValueKind.Object } map
            ? map
            : throw new TemplateFunctionException($"{function}: the argument must be a map, got {TemplateValues.TypeName(value)}");

    private static object? ParseJson(string text)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(text);
            return TemplateValues.FromJson(document.RootElement.Clone());
        }
        catch (JsonException)
        {
            // The parser's message quotes the offending input, which may be secret, so it is not passed on.
            throw new TemplateFunctionException("parseJSON: the input is not valid JSON");
        }
    }

    private static string Base64Decode(string text, string function, bool urlSafe)
    {
        // Go's decoders skip CR and LF but reject other whitespace.
        string cleaned = text.Replace("\r", string.Empty, StringComparison.Ordinal).Replace("\n", string.Empty, StringComparison.Ordinal);
        if (urlSafe)
        {
            if (cleaned.AsSpan().IndexOfAny('+', '/') >= 0)
            {
                throw new TemplateFunctionException($"{function}: the input is not valid base64url");
            }

            cleaned = cleaned.Replace('-', '+').Replace('_', '/');
        }

        byte[] buffer = new byte[(cleaned.Length * 3 / 4) + 3];
        if (cleaned.AsSpan().ContainsAny(' ', '\t') || !Convert.TryFromBase64String(cleaned, buffer, out int written))
        {
            throw new TemplateFunctionException($"{function}: the input is not valid {(urlSafe ? "base64url" : "base64")}");
        }

        return Encoding.UTF8.GetString(buffer, 0, written);
    }

    private static string ToUrlSafe(string base64) => base64.Replace('+', '-').Replace('/', '_');

    private static string[] Split(string separator, string text)
    {
        string trimmed = text.Trim();
        return trimmed.Length == 0 ? [] : separator.Length == 0 ? SplitRunes(trimmed) : trimmed.Split(separator);
    }

    private static string[] SplitRunes(string text)
    {
        var parts = new List<string>();
        foreach (Rune rune in text.EnumerateRunes())
        {
            parts.Add(rune.ToString());
        }

        return [.. parts];
    }

    private static string Join(string separator, object? list)
    {
        if (!TemplateValues.TryGetList(list, out List<object?> items))
        {
            throw new TemplateFunctionException($"join: argument 2 must be a list, got {TemplateValues.TypeName(list)}");
        }

        var texts = new string[items.Count];
        for (int i = 0; i < items.Count; i++)
        {
            if (!TemplateValues.TryGetText(items[i], out texts[i]))
            {
                throw new TemplateFunctionException($"join: list items must be strings, got {TemplateValues.TypeName(items[i])}");
            }
        }

        return string.Join(separator, texts);
    }

    private static byte[] Utf8(object? value, string function) => Encoding.UTF8.GetBytes(TemplateValues.ExpectText(value, function, 1));

    private static bool RegexMatch(string[] arguments) => GoRegex.IsMatch("regexMatch", arguments[0], arguments[1]);

    private static string RegexReplaceAll(string[] arguments) => GoRegex.ReplaceAll("regexReplaceAll", arguments[0], arguments[1], arguments[2]);

    /// <summary>Go's <c>strings.TrimPrefix</c>/<c>TrimSuffix</c> with the affix first: removes one occurrence, if present.</summary>
    private static string TrimAffix(string[] arguments, bool prefix)
    {
        (string affix, string text) = (arguments[0], arguments[1]);
        return prefix
            ? text.StartsWith(affix, StringComparison.Ordinal) ? text[affix.Length..] : text
            : text.EndsWith(affix, StringComparison.Ordinal) ? text[..^affix.Length] : text;
    }

    /// <summary>Go's <c>strings.Title</c>: upper-cases each letter that follows a word separator, leaving the rest as is.</summary>
    private static string ToTitle(string text)
    {
        var builder = new StringBuilder(text.Length);
        bool afterSeparator = true;
        foreach (Rune rune in text.EnumerateRunes())
        {
            builder.Append((afterSeparator ? Rune.ToUpperInvariant(rune) : rune).ToString());
            afterSeparator = IsWordSeparator(rune);
        }

        return builder.ToString();
    }

    private static bool IsWordSeparator(Rune rune)
    {
        // Go's rule: ASCII letters, digits and '_' join words and other ASCII separates; beyond ASCII, only letters,
        // digits and spaces count (so a non-ASCII symbol does not start a new word).
        if (rune.IsAscii)
        {
            return !(Rune.IsLetterOrDigit(rune) || rune.Value == '_');
        }

        return !Rune.IsLetterOrDigit(rune) && Rune.IsWhiteSpace(rune);
    }

    private static string ReplaceAll(string[] arguments) =>
        arguments[0].Length == 0 ? InsertEverywhere(arguments[2], arguments[1]) : arguments[2].Replace(arguments[0], arguments[1], StringComparison.Ordinal);

    private static string InsertEverywhere(string text, string insert)
    {
        // Go's strings.Replace with an empty old string inserts before every rune and at the end.
        var builder = new StringBuilder(insert);
        foreach (Rune rune in text.EnumerateRunes())
        {
            builder.Append(rune.ToString()).Append(insert);
        }

        return builder.ToString();
    }

    /// <summary>consul-template's <c>in</c>: substring of a string, or a list item equal to the needle.</summary>
    private static bool Contains(object? haystack, object? needle)
    {
        if (haystack is string text)
        {
            return needle is string s && text.Contains(s, StringComparison.Ordinal);
        }

        if (!TemplateValues.TryGetList(haystack, out List<object?> items))
        {
            return false;
        }

        foreach (object? item in items)
        {
            bool match = (item, needle) switch
            {
                (string a, string b) => string.Equals(a, b, StringComparison.Ordinal),
                (string, _) or (_, string) => false,
                _ when TemplateValues.TryGetNumber(item, out double a) && TemplateValues.TryGetNumber(needle, out double b) => a == b,
                _ => false,
            };
            if (match)
            {
                return true;
            }
        }

        return false;
    }

    private static string Indent(long spaces, string text)
    {
        if (spaces < 0)
        {
            throw new TemplateFunctionException("indent: the number of spaces must not be negative");
        }

        var builder = new StringBuilder(text.Length + 16);
        bool lineStart = true;
        foreach (char c in text)
        {
            if (lineStart && c != '\n')
            {
                builder.Append(' ', (int)Math.Min(spaces, 4096));
            }

            builder.Append(c);
            lineStart = c == '\n';
        }

        return builder.ToString();
    }
}
