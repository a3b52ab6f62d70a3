// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Vault.Kubernetes.Templates;

/// <summary>Go (RE2) regular expressions for <c>regexMatch</c> and <c>regexReplaceAll</c>, run on .NET's linear-time engine.</summary>
/// <remarks>
/// A pattern is translated before it is compiled with <see cref="RegexOptions.NonBacktracking"/>, so a hostile pattern
/// cannot backtrack catastrophically: groups are numbered in Go's order (named ones too), <c>$</c> without <c>(?m)</c>
/// matches only at the very end, <c>\d \w \s</c> and POSIX classes such as <c>[[:alpha:]]</c> are ASCII, and
/// <c>\Q...\E</c> quotes literally. Constructs RE2 rejects (backreferences, lookaround) fail here too.
/// Error messages may quote the pattern, which is template text, but never the input, which may be secret.
/// </remarks>
internal static class GoRegex
{
    private const int CacheLimit = 256;
    private const string Digit = "0-9";
    private const string Word = "0-9A-Za-z_";
    private const string Space = "\\t\\n\\f\\r ";

    private static readonly TimeSpan s_matchTimeout = TimeSpan.FromSeconds(2);
    private static readonly ConcurrentDictionary<string, GoPattern> s_cache = new(StringComparer.Ordinal);

    private static readonly Dictionary<string, string> s_posixClasses = new(StringComparer.Ordinal)
    {
        ["alnum"] = "0-9A-Za-z",
        ["alpha"] = "A-Za-z",
        ["ascii"] = "\\x00-\\x7F",
        ["blank"] = "\\t ",
        ["cntrl"] = "\\x00-\\x1F\\x7F",
        ["digit"] = Digit,
        ["graph"] = "!-~",
        ["lower"] = "a-z",
        ["print"] = " -~",
        ["punct"] = "!-/:-@\\[-`{-~",
        ["space"] = "\\t\\n\\v\\f\\r ",
        ["upper"] = "A-Z",
        ["word"] = Word,
        ["xdigit"] = "0-9A-Fa-f",
    };

    /// <summary>Go's <c>regexp.MatchString</c>: whether the pattern matches anywhere in the input.</summary>
    public static bool IsMatch(string function, string pattern, string input)
    {
        GoPattern compiled = Compile(function, pattern);
        return Run(function, () => compiled.Regex.IsMatch(input));
    }

    /// <summary>Go's <c>ReplaceAllString</c>: <c>$1</c>, <c>${1}</c>, <c>$name</c> and <c>${name}</c> expand, <c>$$</c> is a dollar.</summary>
    public static string ReplaceAll(string function, string pattern, string replacement, string input)
    {
        GoPattern compiled = Compile(function, pattern);
        return Run(function, () =>
        {
            var builder = new StringBuilder(input.Length);
            int lastEnd = 0;
            for (Match match = compiled.Regex.Match(input); match.Success; match = match.NextMatch())
            {
                builder.Append(input, lastEnd, match.Index - lastEnd);

                // Go skips an empty match right after another match, so "a*" on "baaac" gives "-b-c-", not "-b--c-".
                if (match.Index + match.Length > lastEnd || match.Index == 0)
                {
                    Expand(builder, replacement, match, compiled.GroupNames);
                }

                lastEnd = match.Index + match.Length;
            }

            return builder.Append(input, lastEnd, input.Length - lastEnd).ToString();
        });
    }

    private static T Run<T>(string function, Func<T> action)
    {
        try
        {
            return action();
        }
        catch (RegexMatchTimeoutException)
        {
            // The exception carries the input, so only the function name is passed on.
            throw new TemplateFunctionException($"{function}: the match timed out");
        }
    }

    private static GoPattern Compile(string function, string pattern)
    {
        if (s_cache.TryGetValue(pattern, out GoPattern? cached))
        {
            return cached;
        }

        GoPattern compiled;
        try
        {
            var groupNames = new List<string?> { null };
            string translated = Translate(pattern, groupNames);
            var regex = new Regex(translated, RegexOptions.NonBacktracking | RegexOptions.CultureInvariant, s_matchTimeout);
            compiled = new GoPattern(regex, [.. groupNames]);
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or FormatException)
        {
            throw new TemplateFunctionException($"{function}: invalid regular expression {GoFormat.Quote(pattern)}: {ex.Message}");
        }

        if (s_cache.Count >= CacheLimit)
        {
            s_cache.Clear();
        }

        return s_cache.GetOrAdd(pattern, compiled);
    }

    /// <summary>Rewrites RE2 syntax into the equivalent .NET syntax, recording each capturing group's name (or null) in Go order.</summary>
    private static string Translate(string pattern, List<string?> groupNames)
    {
        bool multiline = HasMultilineFlag(pattern);
        var result = new StringBuilder(pattern.Length + 16);
        bool inClass = false;
        for (int i = 0; i < pattern.Length; i++)
        {
            char c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length)
            {
                i = TranslateEscape(pattern, i + 1, inClass, result);
            }
            else if (inClass)
            {
                if (c == '[' && i + 1 < pattern.Length && pattern[i + 1] == ':')
                {
                    i = TranslatePosixClass(pattern, i, result);
                }
                else
                {
                    inClass = c != ']';
                    result.Append(c);
                }
            }
            else if (c == '[')
            {
                // A ']' right after '[' or '[^' is a literal member, in Go as in .NET.
                int start = i + (i + 1 < pattern.Length && pattern[i + 1] == '^' ? 2 : 1);
                int literal = start < pattern.Length && pattern[start] == ']' ? start : start - 1;
                result.Append(pattern, i, literal - i + 1);
                i = literal;
                inClass = true;
            }
            else if (c == '(')
            {
                i = TranslateGroup(pattern, i, groupNames, result);
            }
            else if (c == '$' && !multiline)
            {
                result.Append("\\z");
            }
            else
            {
                result.Append(c);
            }
        }

        return result.ToString();
    }

    private static int TranslateEscape(string pattern, int index, bool inClass, StringBuilder result)
    {
        char c = pattern[index];
        string? set = c switch
        {
            'd' or 'D' => Digit,
            'w' or 'W' => Word,
            's' or 'S' => Space,
            _ => null,
        };
        if (set is not null)
        {
            bool negated = char.IsUpper(c);
            if (inClass && negated)
            {
                throw new NotSupportedException($"\\{c} inside a character class is not supported");
            }

            result.Append(inClass ? set : negated ? $"[^{set}]" : $"[{set}]");
            return index;
        }

        if (c == 'Q' && !inClass)
        {
            int end = pattern.IndexOf("\\E", index + 1, StringComparison.Ordinal);
            string quoted = end < 0 ? pattern[(index + 1)..] : pattern[(index + 1)..end];
            result.Append(Regex.Escape(quoted));
            return end < 0 ? pattern.Length - 1 : end + 1;
        }

        if (c is 'p' or 'P' && index + 1 < pattern.Length && pattern[index + 1] != '{')
        {
            // RE2 allows a one-letter Unicode class without braces (\pL); .NET needs \p{L}.
            result.Append('\\').Append(c).Append('{').Append(pattern[index + 1]).Append('}');
            return index + 1;
        }

        result.Append('\\').Append(c);
        return index;
    }

    private static int TranslatePosixClass(string pattern, int index, StringBuilder result)
    {
        int end = pattern.IndexOf(":]", index + 2, StringComparison.Ordinal);
        string name = end < 0 ? string.Empty : pattern[(index + 2)..end];
        if (!s_posixClasses.TryGetValue(name, out string? members))
        {
            throw new NotSupportedException("unsupported POSIX character class");
        }

        result.Append(members);
        return end + 1;
    }

    private static int TranslateGroup(string pattern, int index, List<string?> groupNames, StringBuilder result)
    {
        ReadOnlySpan<char> rest = pattern.AsSpan(index + 1);
        int nameStart = rest.StartsWith("?P<", StringComparison.Ordinal) ? 3 : rest.StartsWith("?<", StringComparison.Ordinal) ? 2 : 0;
        if (nameStart > 0 && !rest.StartsWith("?<=", StringComparison.Ordinal) && !rest.StartsWith("?<!", StringComparison.Ordinal))
        {
            int nameEnd = rest.IndexOf('>');
            if (nameEnd < 0)
            {
                throw new ArgumentException("missing closing > in a group name");
            }

            // Named groups become plain groups so .NET numbers them in Go's order; the names are resolved here.
            groupNames.Add(rest[nameStart..nameEnd].ToString());
            result.Append('(');
            return index + 1 + nameEnd;
        }

        if (!rest.StartsWith('?'))
        {
            groupNames.Add(null);
        }

        result.Append('(');
        return index;
    }

    private static bool HasMultilineFlag(string pattern)
    {
        for (int i = pattern.IndexOf("(?", StringComparison.Ordinal); i >= 0; i = pattern.IndexOf("(?", i + 2, StringComparison.Ordinal))
        {
            int j = i + 2;
            while (j < pattern.Length && pattern[j] is 'i' or 'm' or 's' or 'U')
            {
                if (pattern[j] == 'm')
                {
                    return true;
                }

                j++;
            }
        }

        return false;
    }

    /// <summary>Go's <c>Regexp.Expand</c> for one match.</summary>
    private static void Expand(StringBuilder builder, string template, Match match, string?[] groupNames)
    {
        int i = 0;
        while (i < template.Length)
        {
            int dollar = template.IndexOf('$', i);
            if (dollar < 0)
            {
                break;
            }

            builder.Append(template, i, dollar - i);
            i = dollar + 1;
            if (i < template.Length && template[i] == '$')
            {
                builder.Append('$');
                i++;
                continue;
            }

            bool brace = i < template.Length && template[i] == '{';
            int nameStart = brace ? i + 1 : i;
            int nameEnd = nameStart;
            while (nameEnd < template.Length && (char.IsLetterOrDigit(template[nameEnd]) || template[nameEnd] == '_'))
            {
                nameEnd++;
            }

            if (nameEnd == nameStart || (brace && (nameEnd >= template.Length || template[nameEnd] != '}')))
            {
                // Go writes a malformed reference's '$' as text and carries on after it.
                builder.Append('$');
                continue;
            }

            AppendGroup(builder, template[nameStart..nameEnd], match, groupNames);
            i = brace ? nameEnd + 1 : nameEnd;
        }

        builder.Append(template, i, template.Length - i);
    }

    private static void AppendGroup(StringBuilder builder, string name, Match match, string?[] groupNames)
    {
        // An all-digit name without a leading zero is a group number; anything else, or a missing group, expands to nothing.
        if (name.AsSpan().IndexOfAnyExceptInRange('0', '9') < 0 && (name.Length == 1 || name[0] != '0') && name.Length <= 8)
        {
            Group group = match.Groups[int.Parse(name, CultureInfo.InvariantCulture)];
            builder.Append(group.Success ? group.Value : string.Empty);
            return;
        }

        for (int number = 1; number < groupNames.Length; number++)
        {
            if (string.Equals(groupNames[number], name, StringComparison.Ordinal) && match.Groups[number].Success)
            {
                builder.Append(match.Groups[number].Value);
                return;
            }
        }
    }

    private sealed record GoPattern(Regex Regex, string?[] GroupNames);
}
