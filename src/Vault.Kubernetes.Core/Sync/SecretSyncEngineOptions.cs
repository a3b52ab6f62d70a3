// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using Vault.Kubernetes.Leases;

namespace Vault.Kubernetes.Sync;

/// <summary>Configures a <see cref="SecretSyncEngine"/>.</summary>
public sealed class SecretSyncEngineOptions
{
    /// <summary>Gets or sets how many specs are fetched at the same time.</summary>
    /// <value>Default: 4.</value>
    public int MaxConcurrency { get; set; } = SecretSyncDefaults.MaxConcurrency;

    /// <summary>Gets or sets the first retry delay after a failed fetch or renewal.</summary>
    /// <value>Default: 1 second.</value>
    public TimeSpan RetryMinimum { get; set; } = SecretSyncDefaults.RetryMinimum;

    /// <summary>Gets or sets the longest retry delay after repeated failures.</summary>
    /// <value>Default: 5 minutes.</value>
    public TimeSpan RetryMaximum { get; set; } = SecretSyncDefaults.RetryMaximum;

    /// <summary>Gets or sets a value indicating whether disposing the engine revokes every lease it created.</summary>
    /// <value>Default: <see langword="false"/>.</value>
    public bool RevokeLeasesOnDispose { get; set; }

    /// <summary>Gets or sets the key of the content hashes (HMAC-SHA256), at least 32 bytes.</summary>
    /// <value>Default: <see langword="null"/>: a random key per engine. Keep a key (for example in a Kubernetes Secret) so that hashes stored in a
    /// destination's status stay comparable across restarts (see <see cref="SecretSyncTarget.KnownContentHash"/>).</value>
    public byte[]? ContentHashKey { get; set; }

    /// <summary>Gets or sets the lease timing: renew fraction, KV refresh interval, re-issue margin, and when a replaced lease is revoked.</summary>
    /// <value>Default: <see cref="LeasePlanOptions"/> defaults (renew at 2/3, KV refresh every 5 minutes, replaced leases revoked after 2 minutes).</value>
    public LeasePlanOptions LeasePlan { get; set; } = new();

    /// <summary>Checks the options and throws when they cannot work together.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range; the message names the property.</exception>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException"><see cref="LeasePlan"/> is invalid.</exception>
    public void Validate()
    {
        if (MaxConcurrency < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxConcurrency), MaxConcurrency, "MaxConcurrency must be at least 1.");
        }

        if (RetryMinimum <= TimeSpan.Zero || RetryMaximum < RetryMinimum)
        {
            throw new ArgumentOutOfRangeException(nameof(RetryMaximum), RetryMaximum, "RetryMinimum must be positive and RetryMaximum at least RetryMinimum.");
        }

        if (ContentHashKey is { Length: < 32 })
        {
            throw new ArgumentOutOfRangeException(nameof(ContentHashKey), ContentHashKey.Length, "ContentHashKey must be at least 32 bytes.");
        }

        ArgumentNullException.ThrowIfNull(LeasePlan);
    }
}
