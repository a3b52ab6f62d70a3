// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;

namespace Vault.Kubernetes.Testing.Internal;

/// <summary>One <c>path "pattern" { capabilities = [...] }</c> block; '*' at the end is a prefix glob, '+' matches one segment.</summary>
internal sealed class PolicyRule(string pattern, Capabilities capabilities)
{
    /// <summary>Gets the path pattern.</summary>
    public string Pattern { get; } = pattern;

    /// <summary>Gets the granted capabilities.</summary>
    public Capabilities Capabilities { get; } = capabilities;

    /// <summary>Gets a value indicating whether the pattern ends in a '*' glob.</summary>
    public bool IsGlob => Pattern.EndsWith('*');

    /// <summary>Returns whether <paramref name="path"/> matches the pattern.</summary>
    public bool Matches(string path)
    {
        string pattern = IsGlob ? Pattern[..^1] : Pattern;
        int p = 0;
        int i = 0;
        while (p < pattern.Length)
        {
            if (pattern[p] == '+')
            {
                // '+' consumes one whole path segment (possibly empty).
                while (i < path.Length && path[i] != '/')
                {
                    i++;
                }

                p++;
                continue;
            }

            if (i >= path.Length || path[i] != pattern[p])
            {
                return false;
            }

            i++;
            p++;
        }

        return IsGlob || i == path.Length;
    }

    /// <summary>Compares rule specificity as Vault does: higher result means more specific (wins).</summary>
    public static int CompareSpecificity(PolicyRule a, PolicyRule b)
    {
        int wildA = FirstWildcard(a.Pattern);
        int wildB = FirstWildcard(b.Pattern);
        if (wildA != wildB)
        {
            return wildA.CompareTo(wildB);
        }

        if (a.IsGlob != b.IsGlob)
        {
            return a.IsGlob ? -1 : 1;
        }

        int plusA = a.Pattern.AsSpan().Count('+');
        int plusB = b.Pattern.AsSpan().Count('+');
        if (plusA != plusB)
        {
            return plusB.CompareTo(plusA);
        }

        if (a.Pattern.Length != b.Pattern.Length)
        {
            return a.Pattern.Length.CompareTo(b.Pattern.Length);
        }

        return string.CompareOrdinal(b.Pattern, a.Pattern);
    }

    private static int FirstWildcard(string pattern)
    {
        int index = pattern.IndexOfAny(['+', '*']);
        return index < 0 ? int.MaxValue : index;
    }
}
