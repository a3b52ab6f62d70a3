// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

namespace QuickStart;

/// <summary>Prints secret values the way a demo should: enough to see they changed, never the value itself.</summary>
internal static class Mask
{
    public static string Of(string? value) =>
        string.IsNullOrEmpty(value) ? "(empty)" : $"{value[..Math.Min(2, value.Length)]}*** ({value.Length} chars, #{(uint)StringComparer.Ordinal.GetHashCode(value) % 10000:0000})";
}
