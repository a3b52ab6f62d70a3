// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;

namespace Vault.Kubernetes.Configuration;

/// <summary>The default values of <see cref="VaultKubernetesOptions"/>.</summary>
public static class VaultKubernetesDefaults
{
    /// <summary>The configuration section <c>AddVaultKubernetes()</c> reads: <c>Vault</c>.</summary>
    public const string SectionName = "Vault";

    /// <summary>The default Kubernetes auth mount: <c>kubernetes</c>.</summary>
    public const string KubernetesMountPath = "kubernetes";

    /// <summary>The service-account token file the kubelet projects into every pod.</summary>
    public const string ServiceAccountTokenPath = "/var/run/secrets/kubernetes.io/serviceaccount/token";

    /// <summary>The default number of secrets read at the same time: 64, the engine's measured default (see <see cref="Sync.SecretSyncDefaults.MaxConcurrency"/>).</summary>
    public const int MaxConcurrency = Sync.SecretSyncDefaults.MaxConcurrency;

    /// <summary>Gets the default start-up timeout: 30 seconds, enough for a Vault cluster to elect a leader, short of a startup probe's patience.</summary>
    public static TimeSpan StartupTimeout { get; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets the default refresh interval of KV secrets: 5 minutes (with jitter).</summary>
    public static TimeSpan RefreshInterval { get; } = TimeSpan.FromMinutes(5);
}
