// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Security.Cryptography;
using System.Text;

namespace QuickStart;

/// <summary>Prints secret values the way a demo should: enough to see they changed, nothing of the value itself.</summary>
/// <remarks>The length, and a fingerprint keyed with a random key of this run only: equal values print equally within one run, but the
/// fingerprint says nothing about the value (no characters, no stable hash to look up).</remarks>
internal static class Mask
{
    private static readonly byte[] s_key = RandomNumberGenerator.GetBytes(32);

    public static string Of(string? value) =>
        string.IsNullOrEmpty(value) ? "(empty)" : $"*** ({value.Length} chars, #{Convert.ToHexStringLower(HMACSHA256.HashData(s_key, Encoding.UTF8.GetBytes(value)))[..4]})";
}
