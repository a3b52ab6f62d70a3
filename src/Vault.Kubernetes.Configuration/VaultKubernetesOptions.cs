// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;

namespace Vault.Kubernetes.Configuration;

/// <summary>Configures <c>AddVaultKubernetes()</c>: the Vault server, the pod's identity, and the secrets to expose as configuration.</summary>
/// <remarks>Bound from the <c>Vault</c> configuration section. Unset connection settings fall back to <c>VAULT_ADDR</c>, <c>VAULT_NAMESPACE</c>, <c>VAULT_CACERT</c> and <c>VAULT_SKIP_VERIFY</c>.</remarks>
public sealed class VaultKubernetesOptions
{
    /// <summary>Gets or sets the Vault address, for example <c>https://vault.vault.svc:8200</c>.</summary>
    /// <value>Default: <see langword="null"/> (<c>VAULT_ADDR</c>).</value>
    public string? Address { get; set; }

    /// <summary>Gets or sets the Vault Enterprise namespace sent as <c>X-Vault-Namespace</c>.</summary>
    /// <value>Default: <see langword="null"/> (<c>VAULT_NAMESPACE</c>).</value>
    public string? Namespace { get; set; }

    /// <summary>Gets or sets the CA bundle that signs Vault's certificate: a PEM file path or the PEM text.</summary>
    /// <value>Default: <see langword="null"/> (<c>VAULT_CACERT</c>, else the system store).</value>
    public string? CaCertificate { get; set; }

    /// <summary>Gets or sets the server name to verify Vault's certificate against (SNI).</summary>
    /// <value>Default: <see langword="null"/> (the host of <see cref="Address"/>).</value>
    public string? TlsServerName { get; set; }

    /// <summary>Gets or sets a value indicating whether TLS certificate verification is skipped; never do this in production.</summary>
    /// <value>Default: <see langword="false"/>.</value>
    public bool SkipTlsVerify { get; set; }

    /// <summary>Gets or sets a static Vault token to use instead of Kubernetes login (development and tests only).</summary>
    /// <value>Default: <see langword="null"/>.</value>
    public string? Token { get; set; }

    /// <summary>Gets or sets the Kubernetes auth method settings.</summary>
    public VaultKubernetesAuthOptions Kubernetes { get; set; } = new();

    /// <summary>Gets the secrets to load, in order: a key from a later secret overrides the same key from an earlier one.</summary>
    public List<VaultSecretOptions> Secrets { get; set; } = [];

    /// <summary>Gets or sets a value indicating whether the app may start without (some of) its secrets; they keep loading in the background.</summary>
    /// <value>Default: <see langword="false"/> (start-up fails, naming each path that failed and why).</value>
    public bool Optional { get; set; }

    /// <summary>Gets or sets a value indicating whether secrets are kept fresh after start-up (KV refresh, lease renewal and rotation).</summary>
    /// <value>Default: <see langword="true"/>.</value>
    public bool ReloadOnChange { get; set; } = true;

    /// <summary>Gets or sets how often KV secrets are re-checked (KV version 2 checks the version first).</summary>
    /// <value>Default: 5 minutes, with jitter.</value>
    public TimeSpan RefreshInterval { get; set; } = VaultKubernetesDefaults.RefreshInterval;

    /// <summary>Gets or sets how many secrets are read at the same time.</summary>
    /// <value>Default: 4.</value>
    public int MaxConcurrency { get; set; } = VaultKubernetesDefaults.MaxConcurrency;

    /// <summary>Gets or sets a prefix put before every configuration key, for example <c>Vault</c> gives <c>Vault:Database:Password</c>.</summary>
    /// <value>Default: <see langword="null"/>.</value>
    public string? KeyPrefix { get; set; }

    /// <summary>Gets or sets a value indicating whether dynamic leases and the Vault token are revoked when the app shuts down.</summary>
    /// <value>Default: <see langword="false"/>.</value>
    public bool RevokeOnShutdown { get; set; }
}
