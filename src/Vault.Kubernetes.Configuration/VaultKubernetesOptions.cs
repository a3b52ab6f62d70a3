// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using Vault.Kubernetes.Authentication;

namespace Vault.Kubernetes.Configuration;

/// <summary>Configures <c>AddVaultKubernetes()</c>: the Vault server, the pod's identity, and the secrets to expose as configuration.</summary>
/// <remarks>Bound from the <c>Vault</c> configuration section. The connection settings (address, namespace, TLS, token, <c>Kubernetes</c>) are
/// <see cref="VaultConnectionOptions"/>, shared with every host; an unset address falls back to <c>VAULT_ADDR</c>.</remarks>
public sealed class VaultKubernetesOptions : VaultConnectionOptions
{
    /// <summary>Gets the secrets to load, in order: a key from a later secret overrides the same key from an earlier one.</summary>
    public List<VaultSecretOptions> Secrets { get; set; } = [];

    /// <summary>Gets or sets a value indicating whether the app may start without (some of) its secrets; they keep loading in the background.</summary>
    /// <value>Default: <see langword="false"/> (start-up fails, naming each path that failed and why).</value>
    public bool Optional { get; set; }

    /// <summary>Gets or sets how long the first load may wait for Vault.</summary>
    /// <value>Default: 30 seconds.</value>
    /// <remarks>
    /// Within it, secrets that fail for a reason that passes (no answer, 503 while Vault unseals or elects a leader, 429) are retried with
    /// backoff, and a warning naming the address says what start-up waits for; a failure that needs a change (403, a missing secret, a bad
    /// template) ends the wait at once. When it runs out, start-up fails naming each secret, or with <see cref="Optional"/> starts without them.
    /// With <see cref="Optional"/>, start-up waits only for each secret's first attempt.
    /// </remarks>
    public TimeSpan StartupTimeout { get; set; } = VaultKubernetesDefaults.StartupTimeout;

    /// <summary>Gets or sets a value indicating whether secrets are kept fresh after start-up (KV refresh, lease renewal and rotation).</summary>
    /// <value>Default: <see langword="true"/>.</value>
    public bool ReloadOnChange { get; set; } = true;

    /// <summary>Gets or sets how often KV secrets are re-checked (KV version 2 checks the version first).</summary>
    /// <value>Default: 5 minutes, with jitter.</value>
    public TimeSpan RefreshInterval { get; set; } = VaultKubernetesDefaults.RefreshInterval;

    /// <summary>Gets or sets how many secrets are read at the same time.</summary>
    /// <value>Default: 64 (chosen by measurement; see <see cref="Sync.SecretSyncDefaults.MaxConcurrency"/>).</value>
    public int MaxConcurrency { get; set; } = VaultKubernetesDefaults.MaxConcurrency;

    /// <summary>Gets or sets a prefix put before every configuration key, for example <c>Vault</c> gives <c>Vault:Database:Password</c>.</summary>
    /// <value>Default: <see langword="null"/>.</value>
    public string? KeyPrefix { get; set; }

    /// <summary>Gets or sets a value indicating whether dynamic leases and the Vault token are revoked when the app shuts down.</summary>
    /// <value>Default: <see langword="false"/>.</value>
    public bool RevokeOnShutdown { get; set; }
}
