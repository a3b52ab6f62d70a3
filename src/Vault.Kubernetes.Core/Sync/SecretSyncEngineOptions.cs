// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.ComponentModel.DataAnnotations;

namespace Vault.Kubernetes.Sync;

/// <summary>Configures a <see cref="SecretSyncEngine"/>.</summary>
public sealed class SecretSyncEngineOptions
{
    /// <summary>Gets or sets how many specs are fetched at the same time.</summary>
    /// <value>Default: 4.</value>
    [Range(1, 256)]
    public int MaxConcurrency { get; set; } = SecretSyncDefaults.MaxConcurrency;

    /// <summary>Gets or sets how often non-leased secrets (KV) are re-checked, with jitter.</summary>
    /// <value>Default: 5 minutes.</value>
    public TimeSpan RefreshInterval { get; set; } = SecretSyncDefaults.RefreshInterval;

    /// <summary>Gets or sets the first retry delay after a failed fetch or renewal.</summary>
    /// <value>Default: 1 second.</value>
    public TimeSpan RetryMinimum { get; set; } = SecretSyncDefaults.RetryMinimum;

    /// <summary>Gets or sets the longest retry delay after repeated failures.</summary>
    /// <value>Default: 5 minutes.</value>
    public TimeSpan RetryMaximum { get; set; } = SecretSyncDefaults.RetryMaximum;

    /// <summary>Gets or sets how long a replaced lease stays valid before the engine revokes it, or <see langword="null"/> to let it expire.</summary>
    /// <value>Default: <see langword="null"/> (replaced leases expire on their own, so consumers that still hold them keep working).</value>
    public TimeSpan? RevokeReplacedLeaseAfter { get; set; }

    /// <summary>Gets or sets a value indicating whether disposing the engine revokes every lease it created.</summary>
    /// <value>Default: <see langword="false"/>.</value>
    public bool RevokeLeasesOnDispose { get; set; }

    /// <summary>Gets or sets the share of a lease after which it is renewed.</summary>
    /// <value>Default: 2/3.</value>
    [Range(0.05, 0.95)]
    public double RenewFraction { get; set; } = SecretSyncDefaults.RenewFraction;

    /// <summary>Checks the options and throws when they cannot work together.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range; the message names the property.</exception>
    public void Validate()
    {
        if (MaxConcurrency < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxConcurrency), MaxConcurrency, "MaxConcurrency must be at least 1.");
        }

        if (RefreshInterval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(RefreshInterval), RefreshInterval, "RefreshInterval must be positive.");
        }

        if (RetryMinimum <= TimeSpan.Zero || RetryMaximum < RetryMinimum)
        {
            throw new ArgumentOutOfRangeException(nameof(RetryMaximum), RetryMaximum, "RetryMinimum must be positive and RetryMaximum at least RetryMinimum.");
        }

        if (RevokeReplacedLeaseAfter < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(RevokeReplacedLeaseAfter), RevokeReplacedLeaseAfter, "RevokeReplacedLeaseAfter must not be negative.");
        }

        if (RenewFraction is <= 0 or >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(RenewFraction), RenewFraction, "RenewFraction must be between 0 and 1.");
        }
    }
}
