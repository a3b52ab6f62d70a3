// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Globalization;

namespace Vault.Kubernetes.Leases;

/// <summary>Records one successful lease renewal: what was asked for and what Vault granted.</summary>
internal sealed class LeaseRenewal
{
    // Vault speaks whole seconds; a shortfall below this is rounding, not a cap.
    private static readonly TimeSpan s_roundingTolerance = TimeSpan.FromSeconds(1);

    /// <summary>Initializes a new instance of the <see cref="LeaseRenewal"/> class.</summary>
    /// <param name="renewedAt">When Vault answered the renewal.</param>
    /// <param name="grantedDuration">The <c>lease_duration</c> in the reply: the new lifetime counted from <paramref name="renewedAt"/>.</param>
    /// <param name="requestedIncrement">The <c>increment</c> that was sent, or <see langword="null"/> when none was.</param>
    /// <param name="renewable">The <c>renewable</c> flag in the reply.</param>
    /// <param name="maxTtlWarning">Whether the reply warned that the TTL was capped by the effective max TTL.</param>
    public LeaseRenewal(
        DateTimeOffset renewedAt,
        TimeSpan grantedDuration,
        TimeSpan? requestedIncrement = null,
        bool renewable = true,
        bool maxTtlWarning = false)
    {
        RenewedAt = renewedAt;
        GrantedDuration = grantedDuration;
        RequestedIncrement = requestedIncrement;
        Renewable = renewable;
        MaxTtlWarning = maxTtlWarning;
    }

    /// <summary>Gets when Vault answered the renewal.</summary>
    public DateTimeOffset RenewedAt { get; }

    /// <summary>Gets the lifetime Vault granted, counted from <see cref="RenewedAt"/>.</summary>
    public TimeSpan GrantedDuration { get; }

    /// <summary>Gets the increment that was requested, or <see langword="null"/> when none was.</summary>
    public TimeSpan? RequestedIncrement { get; }

    /// <summary>Gets a value indicating whether the reply still said the lease is renewable.</summary>
    public bool Renewable { get; }

    /// <summary>Gets a value indicating whether the reply warned that the TTL was capped by the effective max TTL.</summary>
    public bool MaxTtlWarning { get; }

    /// <summary>Gets when the lease expires after this renewal.</summary>
    /// <value><see cref="RenewedAt"/> plus <see cref="GrantedDuration"/>, or <see cref="RenewedAt"/> when nothing was granted.</value>
    public DateTimeOffset ExpiresAt => GrantedDuration > TimeSpan.Zero ? RenewedAt + GrantedDuration : RenewedAt;

    /// <summary>Returns whether this renewal shows that renewing no longer extends the lease, so it must be re-issued.</summary>
    /// <param name="previousExpiry">When the lease would have expired without this renewal, if known.</param>
    /// <returns>
    /// <see langword="true"/> when the reply is not renewable, warned about the max TTL, granted nothing, granted less
    /// than requested, or did not move the expiry past <paramref name="previousExpiry"/>.
    /// </returns>
    public bool StoppedExtending(DateTimeOffset? previousExpiry) =>
        !Renewable
        || MaxTtlWarning
        || GrantedDuration <= TimeSpan.Zero
        || (RequestedIncrement is { } requested && GrantedDuration + s_roundingTolerance < requested)
        || (previousExpiry is { } previous && ExpiresAt <= previous);

    /// <summary>Returns the renewal time and the granted lifetime.</summary>
    /// <returns>A one-line description for logs.</returns>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"renewed {RenewedAt:O}, granted {GrantedDuration}, requested {RequestedIncrement?.ToString() ?? "none"}, renewable {Renewable}, max TTL warning {MaxTtlWarning}");
}
