// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;

namespace Vault.Kubernetes.Testing.KubernetesApi;

/// <summary>A parsed <c>labelSelector</c>: <c>a=b</c>, <c>a==b</c>, <c>a!=b</c>, <c>a in (x,y)</c>, <c>a notin (x)</c>, <c>a</c>, <c>!a</c>, comma-joined.</summary>
internal sealed class LabelSelector
{
    private readonly List<Func<IReadOnlyDictionary<string, string>, bool>> _requirements;

    private LabelSelector(List<Func<IReadOnlyDictionary<string, string>, bool>> requirements)
    {
        _requirements = requirements;
    }

    /// <exception cref="KubeApiException">400 for a selector that does not parse.</exception>
    public static LabelSelector Parse(string? text)
    {
        var requirements = new List<Func<IReadOnlyDictionary<string, string>, bool>>();
        foreach (string term in SplitTerms(text ?? string.Empty))
        {
            requirements.Add(ParseTerm(term.Trim()));
        }

        return new LabelSelector(requirements);
    }

    public bool Matches(JsonObject obj)
    {
        if (_requirements.Count == 0)
        {
            return true;
        }

        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (obj["metadata"]?["labels"] is JsonObject map)
        {
            foreach (KeyValuePair<string, JsonNode?> pair in map)
            {
                labels[pair.Key] = pair.Value?.ToString() ?? string.Empty;
            }
        }

        return _requirements.All(requirement => requirement(labels));
    }

    private static IEnumerable<string> SplitTerms(string text)
    {
        // Commas separate terms except inside the parentheses of a set-based term.
        int depth = 0;
        int start = 0;
        for (int i = 0; i < text.Length; i++)
        {
            switch (text[i])
            {
                case '(':
                    depth++;
                    break;
                case ')':
                    depth--;
                    break;
                case ',' when depth == 0:
                    if (i > start)
                    {
                        yield return text[start..i];
                    }

                    start = i + 1;
                    break;
            }
        }

        if (text.Length > start && text[start..].Trim().Length > 0)
        {
            yield return text[start..];
        }
    }

    private static Func<IReadOnlyDictionary<string, string>, bool> ParseTerm(string term)
    {
        if (term.StartsWith('!'))
        {
            string key = Key(term[1..]);
            return labels => !labels.ContainsKey(key);
        }

        int notIn = term.IndexOf(" notin ", StringComparison.Ordinal);
        int inSet = term.IndexOf(" in ", StringComparison.Ordinal);
        if (notIn > 0 || inSet > 0)
        {
            bool negate = notIn > 0;
            int at = negate ? notIn : inSet;
            string key = Key(term[..at]);
            string rest = term[(at + (negate ? 7 : 4))..].Trim();
            if (!rest.StartsWith('(') || !rest.EndsWith(')'))
            {
                throw Bad(term);
            }

            var values = rest[1..^1].Split(',').Select(v => v.Trim()).ToHashSet(StringComparer.Ordinal);
            return negate
                ? labels => !labels.TryGetValue(key, out string? v) || !values.Contains(v)
                : labels => labels.TryGetValue(key, out string? v) && values.Contains(v);
        }

        int notEquals = term.IndexOf("!=", StringComparison.Ordinal);
        if (notEquals > 0)
        {
            string key = Key(term[..notEquals]);
            string value = term[(notEquals + 2)..].Trim();
            return labels => !labels.TryGetValue(key, out string? v) || v != value;
        }

        int equals = term.IndexOf('=', StringComparison.Ordinal);
        if (equals > 0)
        {
            string key = Key(term[..equals]);
            string value = term[(equals + (term.AsSpan(equals).StartsWith("==") ? 2 : 1))..].Trim();
            return labels => labels.TryGetValue(key, out string? v) && v == value;
        }

        string exists = Key(term);
        return labels => labels.ContainsKey(exists);
    }

    private static string Key(string text)
    {
        string key = text.Trim();
        if (key.Length == 0 || key.Any(c => char.IsWhiteSpace(c) || c is '(' or ')' or '='))
        {
            throw Bad(text);
        }

        return key;
    }

    private static KubeApiException Bad(string term) =>
        KubeApiException.BadRequest($"unable to parse requirement: found '{term}', expected: valid label selector");
}
