// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;

namespace Vault.Kubernetes.Leases;

/// <summary>The default values of <see cref="LeasePlanOptions"/>.</summary>
public static class LeasePlanDefaults
{
    /// <summary>The share of a lease after which it is renewed: two thirds, as Vault Agent and the Vault Secrets Operator do.</summary>
    public const double RenewFraction = 2.0 / 3.0;

    /// <summary>The share of a lease's remaining life after which a secret that can no longer be renewed is re-issued.</summary>
    public const double ReissueFraction = 2.0 / 3.0;

    /// <summary>The width of the random window around each scheduled time, as a share of the lifetime or interval.</summary>
    public const double JitterFraction = 0.1;

    /// <summary>Gets how often a secret without a lease (KV) is re-checked: 5 minutes, as Vault Agent does.</summary>
    public static TimeSpan RefreshInterval { get; } = TimeSpan.FromMinutes(5);

    /// <summary>Gets the least time a lease keeps when it is renewed or replaced: 10 seconds.</summary>
    public static TimeSpan ExpiryMargin { get; } = TimeSpan.FromSeconds(10);

    /// <summary>Gets the shortest wait before any action, so that a zero or negative lifetime never causes a busy loop: 1 second.</summary>
    public static TimeSpan MinimumDelay { get; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets the longest wait between retries once a held lease has expired: 10 seconds.</summary>
    public static TimeSpan ExpiredRetryMaximum { get; } = TimeSpan.FromSeconds(10);

    /// <summary>Gets how long after a static role's rotation its credentials are read again: 1 second, as consul-template does.</summary>
    public static TimeSpan StaticRoleRereadDelay { get; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets the largest random extra wait after <see cref="StaticRoleRereadDelay"/>, so many readers do not hit Vault at once: 4 seconds.</summary>
    public static TimeSpan StaticRoleRereadJitter { get; } = TimeSpan.FromSeconds(4);

    /// <summary>Gets how long a replaced lease stays valid for consumers that still use it before it is revoked: 2 minutes.</summary>
    public static TimeSpan RevokeOldLeaseAfter { get; } = TimeSpan.FromMinutes(2);
}
