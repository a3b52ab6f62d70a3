// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;

namespace Vault.Kubernetes.Authentication;

/// <summary>The default values of <see cref="VaultSessionOptions"/>.</summary>
public static class VaultSessionDefaults
{
    /// <summary>The share of the token TTL after which the token is renewed: 2/3, as Vault's own LifetimeWatcher does.</summary>
    public const double RenewAfterFraction = 2.0 / 3.0;

    /// <summary>The largest share of the TTL that jitter moves a renewal earlier: 0.1.</summary>
    public const double RenewJitterFraction = 0.1;

    /// <summary>The share of a login retry delay that jitter may remove: 0.25, as Vault Agent does.</summary>
    public const double LoginRetryJitterFraction = 0.25;

    /// <summary>Whether the token is revoked when the session is disposed: <see langword="false"/>.</summary>
    public const bool RevokeOnDispose = false;

    /// <summary>Gets the delay before the first login retry: 1 second.</summary>
    public static TimeSpan LoginRetryInitialDelay { get; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets the longest delay between login retries: 5 minutes.</summary>
    public static TimeSpan LoginRetryMaxDelay { get; } = TimeSpan.FromMinutes(5);

    /// <summary>Gets how long disposal waits for the token revocation: 5 seconds.</summary>
    public static TimeSpan RevokeTimeout { get; } = TimeSpan.FromSeconds(5);
}
