// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using Microsoft.Extensions.Options;
using Vault.Kubernetes.Leases;

namespace Vault.Kubernetes.Sync;

/// <summary>Configures a <see cref="SecretSyncEngine"/>.</summary>
public sealed class SecretSyncEngineOptions
{
    /// <summary>Gets or sets how many specs are fetched at the same time.</summary>
    /// <value>Default: 64 (chosen by measurement; see <see cref="SecretSyncDefaults.MaxConcurrency"/>); must be at least 1.</value>
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
    /// <exception cref="OptionsValidationException">A value is out of range or <see cref="LeasePlan"/> is missing or invalid; the message lists every property at fault.</exception>
    public void Validate()
    {
        ValidateOptionsResult result = new SecretSyncEngineOptionsValidator().Validate(Options.DefaultName, this);
        if (result.Failed)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(SecretSyncEngineOptions), result.Failures);
        }
    }
}
