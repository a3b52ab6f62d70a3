// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;

namespace Vault.Kubernetes.Leases;

/// <summary>Options for <see cref="LeasePlan"/>: when leases are renewed, secrets re-issued and non-leased secrets re-checked.</summary>
/// <remarks>The lease plan validates the options when it is created and throws <see cref="Microsoft.Extensions.Options.OptionsValidationException"/> naming each property at fault.</remarks>
public sealed class LeasePlanOptions
{
    /// <summary>Gets or sets the share of a lease after which it is renewed, between 0 and 1 exclusive.</summary>
    /// <value>The default is <see cref="LeasePlanDefaults.RenewFraction"/> (2/3), like the Vault Secrets Operator's <c>renewalPercent</c> of 67.</value>
    public double RenewFraction { get; set; } = LeasePlanDefaults.RenewFraction;

    /// <summary>Gets or sets the share of the remaining life after which a secret that can no longer be renewed is re-issued, between 0 and 1 exclusive.</summary>
    /// <value>The default is <see cref="LeasePlanDefaults.ReissueFraction"/> (2/3).</value>
    /// <remarks>Applies to non-renewable leases, leases whose renewals reached the max TTL, and certificates.</remarks>
    public double ReissueFraction { get; set; } = LeasePlanDefaults.ReissueFraction;

    /// <summary>Gets or sets the width of the random window centred on each scheduled time, as a share of the lifetime or interval.</summary>
    /// <value>The default is <see cref="LeasePlanDefaults.JitterFraction"/> (0.1): a one-hour lease renews between 37 and 43 minutes.</value>
    public double JitterFraction { get; set; } = LeasePlanDefaults.JitterFraction;

    /// <summary>Gets or sets how often a secret without a lease (KV) is re-checked, before jitter.</summary>
    /// <value>The default is <see cref="LeasePlanDefaults.RefreshInterval"/> (5 minutes).</value>
    /// <remarks>Also used for a lease whose duration is zero or negative, since Vault gave it no lifetime to plan from.</remarks>
    public TimeSpan RefreshInterval { get; set; } = LeasePlanDefaults.RefreshInterval;

    /// <summary>Gets or sets the least time a lease keeps when it is renewed or replaced, capped at half of the lease's current term.</summary>
    /// <value>The default is <see cref="LeasePlanDefaults.ExpiryMargin"/> (10 seconds).</value>
    public TimeSpan ExpiryMargin { get; set; } = LeasePlanDefaults.ExpiryMargin;

    /// <summary>Gets or sets the shortest wait before any action, so that zero, negative or expired lifetimes never cause a busy loop.</summary>
    /// <value>The default is <see cref="LeasePlanDefaults.MinimumDelay"/> (1 second).</value>
    public TimeSpan MinimumDelay { get; set; } = LeasePlanDefaults.MinimumDelay;

    /// <summary>Gets or sets the longest wait between retries once a held lease or certificate has expired (or is about to).</summary>
    /// <value>The default is <see cref="LeasePlanDefaults.ExpiredRetryMaximum"/> (10 seconds).</value>
    /// <remarks>The ordinary backoff grows to minutes during an outage; a destination holding dead credentials must get new ones within
    /// seconds of Vault's return, not after the rest of that backoff.</remarks>
    public TimeSpan ExpiredRetryMaximum { get; set; } = LeasePlanDefaults.ExpiredRetryMaximum;

    /// <summary>Gets or sets how long after a static role's rotation its credentials are read again.</summary>
    /// <value>The default is <see cref="LeasePlanDefaults.StaticRoleRereadDelay"/> (1 second).</value>
    public TimeSpan StaticRoleRereadDelay { get; set; } = LeasePlanDefaults.StaticRoleRereadDelay;

    /// <summary>Gets or sets the largest random extra wait added to <see cref="StaticRoleRereadDelay"/>.</summary>
    /// <value>The default is <see cref="LeasePlanDefaults.StaticRoleRereadJitter"/> (4 seconds).</value>
    public TimeSpan StaticRoleRereadJitter { get; set; } = LeasePlanDefaults.StaticRoleRereadJitter;

    /// <summary>Gets or sets how long a replaced lease stays valid before it is revoked, or <see langword="null"/> to let it expire on its own.</summary>
    /// <value>The default is <see cref="LeasePlanDefaults.RevokeOldLeaseAfter"/> (2 minutes).</value>
    /// <remarks>Consumers get the new value at once; this grace period lets them finish work that still uses the old one.</remarks>
    public TimeSpan? RevokeOldLeaseAfter { get; set; } = LeasePlanDefaults.RevokeOldLeaseAfter;

    /// <summary>Returns an independent copy, so a plan is not changed by later edits to the caller's instance.</summary>
    internal LeasePlanOptions Clone() => (LeasePlanOptions)MemberwiseClone();
}
