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

/// <content>The sprig subset the Vault Secrets Operator's transformation templates use; argument orders are sprig's.</content>
internal static partial class TemplateFunctions
{
    // Go's built-ins, the same in both sets.
    private static readonly string[] s_builtIns = ["index", "len", "printf", "print", "println", "not", AndFunctionName, OrFunctionName, "eq", "ne", "lt", "le", "gt", "ge"];

    private static readonly FrozenDictionary<string, TemplateFunction> s_sprig = CreateSprigFunctions();

    public static bool TryGet(TemplateFunctionSet set, string name, [NotNullWhen(true)] out TemplateFunction? function) =>
        set == TemplateFunctionSet.Sprig ? s_sprig.TryGetValue(name, out function) : TryGet(name, out function);

    private static FrozenDictionary<string, TemplateFunction> CreateSprigFunctions()
    {
        FrozenDictionary<string, TemplateFunction> consul = CreateFunctions();
        var byName = new Dictionary<string, TemplateFunction>(StringComparer.Ordinal);
        foreach (string name in s_builtIns)
        {
            byName.Add(name, consul[name]);
        }

        TemplateFunction[] sprig =
        [
            new("b64enc", 1, 1, static (_, a) => Convert.ToBase64String(Encoding.UTF8.GetBytes(Text(a, 0, "b64enc")))),
            new("b64dec", 1, 1, static (_, a) => Base64Decode(Text(a, 0, "b64dec"), "b64dec", urlSafe: false)),
            new("upper", 1, 1, static (_, a) => Text(a, 0, "upper").ToUpperInvariant()),
            new("lower", 1, 1, static (_, a) => Text(a, 0, "lower").ToLowerInvariant()),
            new("title", 1, 1, static (_, a) => ToTitle(Text(a, 0, "title"))),
            new("trim", 1, 1, static (_, a) => Text(a, 0, "trim").Trim()),
            new("trimPrefix", 2, 2, static (_, a) => TrimAffix(Texts(a, "trimPrefix"), prefix: true)),
            new("trimSuffix", 2, 2, static (_, a) => TrimAffix(Texts(a, "trimSuffix"), prefix: false)),
            new("replace", 3, 3, static (_, a) => ReplaceAll(Texts(a, "replace"))),
            new("quote", 1, -1, static (_, a) => Quote(a, '"')),
            new("squote", 1, -1, static (_, a) => Quote(a, '\'')),
            new("default", 2, 2, static (_, a) => TemplateValues.IsTrue(a[1]) ? a[1] : a[0]),
            new("toJson", 1, 1, static (_, a) => GoJson.Serialize(a[0], escapeHtml: true, indented: false)),
            new("toPrettyJson", 1, 1, static (_, a) => GoJson.Serialize(a[0], escapeHtml: true, indented: true)),
            new("contains", 2, 2, static (_, a) => Text(a, 1, "contains").Contains(Text(a, 0, "contains"), StringComparison.Ordinal)),
            new("hasPrefix", 2, 2, static (_, a) => Text(a, 1, "hasPrefix").StartsWith(Text(a, 0, "hasPrefix"), StringComparison.Ordinal)),
            new("hasSuffix", 2, 2, static (_, a) => Text(a, 1, "hasSuffix").EndsWith(Text(a, 0, "hasSuffix"), StringComparison.Ordinal)),
            new("join", 2, 2, static (_, a) => Join(Text(a, 0, "join"), a[1])),
            new("splitList", 2, 2, static (_, a) => Split(Text(a, 0, "splitList"), Text(a, 1, "splitList"))),
            new("indent", 2, 2, static (_, a) => Indent(TemplateValues.ExpectInteger(a[0], "indent", 1), Text(a, 1, "indent"))),
            new("nindent", 2, 2, static (_, a) => "\n" + Indent(TemplateValues.ExpectInteger(a[0], "nindent", 1), Text(a, 1, "nindent"))),
            new("sha256sum", 1, 1, static (_, a) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Text(a, 0, "sha256sum"))))),
            new("get", 2, 2, static (_, a) => Get(a[0], Text(a, 1, "get"))),
        ];
        foreach (TemplateFunction function in sprig)
        {
            byName.Add(function.Name, function);
        }

        return byName.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static string Text(object?[] arguments, int index, string function) => TemplateValues.ExpectText(arguments[index], function, index + 1);

    /// <summary>sprig's <c>quote</c>/<c>squote</c>: each non-nil argument quoted (Go's %q for double quotes), joined by spaces.</summary>
    private static string Quote(object?[] arguments, char quote)
    {
        var parts = new List<string>(arguments.Length);
        foreach (object? argument in arguments)
        {
            if (argument is null)
            {
                continue;
            }

            string text = GoFormat.Sprint([argument], line: false);
            parts.Add(quote == '"' ? GoFormat.Sprintf("%q", [text]) : "'" + text + "'");
        }

        return string.Join(' ', parts);
    }

    /// <summary>sprig's <c>get</c>: a map's value for a key, or the empty string.</summary>
    private static object? Get(object? map, string key) =>
        map is JsonElement { ValueKind: JsonValueKind.Object } element && element.TryGetProperty(key, out JsonElement value)
            ? TemplateValues.FromJson(value)
            : map is null || map is JsonElement { ValueKind: JsonValueKind.Object }
                ? string.Empty
                : throw new TemplateFunctionException(string.Create(CultureInfo.InvariantCulture, $"get: argument 1 must be a map, not {TemplateValues.TypeName(map)}"));
}
