// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;

namespace Vault.Kubernetes.Testing.Internal;

/// <summary>Vault's CalculateTTL (sdk/framework/lease.go) for token and lease renewals.</summary>
internal static class TtlCalculator
{
    /// <summary>Computes the new TTL measured from <paramref name="now"/>.</summary>
    /// <param name="now">The server clock's current time.</param>
    /// <param name="issueTime">When the token or lease was first issued (the max TTL counts from here).</param>
    /// <param name="increment">The requested new TTL; not added to the remaining time. Zero means "use the default".</param>
    /// <param name="currentTtl">The TTL last granted (used when no increment is given).</param>
    /// <param name="defaultTtl">The mount/system default TTL.</param>
    /// <param name="maxTtl">The effective max TTL (zero means the system max applies and must be passed explicitly).</param>
    public static TtlResult Calculate(
        DateTimeOffset now, DateTimeOffset issueTime, TimeSpan increment, TimeSpan currentTtl, TimeSpan defaultTtl, TimeSpan maxTtl)
    {
        TimeSpan ttl = increment > TimeSpan.Zero ? increment : currentTtl > TimeSpan.Zero ? currentTtl : defaultTtl;
        TimeSpan maxValid = TimeSpan.FromSeconds(Durations.Seconds(issueTime + maxTtl - now));
        if (maxValid <= TimeSpan.Zero)
        {
            return new TtlResult(TimeSpan.Zero, null, VaultErrors.PastMaxTtl);
        }

        if (maxValid < ttl)
        {
            string warning = $"TTL of \"{Durations.Human(ttl)}\" exceeded the effective max_ttl of \"{Durations.Human(maxValid)}\"; TTL value is capped accordingly";
            return new TtlResult(maxValid, warning, null);
        }

        return new TtlResult(TimeSpan.FromSeconds(Durations.Seconds(ttl)), null, null);
    }
}

/// <summary>The outcome of a TTL calculation: the TTL, an optional cap warning, or an error.</summary>
internal readonly record struct TtlResult(TimeSpan Ttl, string? Warning, string? Error);
