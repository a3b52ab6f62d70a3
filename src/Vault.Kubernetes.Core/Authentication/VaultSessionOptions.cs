// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;

namespace Vault.Kubernetes.Authentication;

/// <summary>Options of a <see cref="VaultSession"/>: when to renew the token, how to retry logins and whether to revoke on shutdown.</summary>
/// <remarks>The session reads the options once, in its constructor.</remarks>
public sealed class VaultSessionOptions
{
    /// <summary>Gets or sets the share of the token TTL after which the token is renewed (or replaced, when it cannot be renewed).</summary>
    /// <value>Defaults to <see cref="VaultSessionDefaults.RenewAfterFraction"/> (2/3); must be between 0.1 and 0.95.</value>
    public double RenewAfterFraction { get; set; } = VaultSessionDefaults.RenewAfterFraction;

    /// <summary>Gets or sets the largest share of the TTL by which a renewal is moved earlier at random, so that many pods do not renew together.</summary>
    /// <value>Defaults to <see cref="VaultSessionDefaults.RenewJitterFraction"/> (0.1); must be between 0 and 0.5 and below <see cref="RenewAfterFraction"/>.</value>
    public double RenewJitterFraction { get; set; } = VaultSessionDefaults.RenewJitterFraction;

    /// <summary>Gets or sets the TTL to request on each renewal.</summary>
    /// <value>Defaults to <see langword="null"/>: Vault applies the role's token TTL.</value>
    public TimeSpan? RenewIncrement { get; set; }

    /// <summary>Gets or sets the delay before the first login retry; each further retry doubles it.</summary>
    /// <value>Defaults to <see cref="VaultSessionDefaults.LoginRetryInitialDelay"/> (1 second).</value>
    public TimeSpan LoginRetryInitialDelay { get; set; } = VaultSessionDefaults.LoginRetryInitialDelay;

    /// <summary>Gets or sets the longest delay between login retries.</summary>
    /// <value>Defaults to <see cref="VaultSessionDefaults.LoginRetryMaxDelay"/> (5 minutes).</value>
    public TimeSpan LoginRetryMaxDelay { get; set; } = VaultSessionDefaults.LoginRetryMaxDelay;

    /// <summary>Gets or sets the largest share of a login retry delay that jitter may remove.</summary>
    /// <value>Defaults to <see cref="VaultSessionDefaults.LoginRetryJitterFraction"/> (0.25); must be between 0 and 1.</value>
    public double LoginRetryJitterFraction { get; set; } = VaultSessionDefaults.LoginRetryJitterFraction;

    /// <summary>Gets or sets a value indicating whether disposing the session revokes its token (<c>auth/token/revoke-self</c>).</summary>
    /// <value>Defaults to <see langword="false"/>. Revocation also revokes every lease the token created, so leave it off
    /// when other processes still use credentials this session read, and never turn it on for a shared static token.</value>
    public bool RevokeOnDispose { get; set; } = VaultSessionDefaults.RevokeOnDispose;

    /// <summary>Gets or sets how long disposal waits for the revocation before giving up.</summary>
    /// <value>Defaults to <see cref="VaultSessionDefaults.RevokeTimeout"/> (5 seconds).</value>
    public TimeSpan RevokeTimeout { get; set; } = VaultSessionDefaults.RevokeTimeout;
}
