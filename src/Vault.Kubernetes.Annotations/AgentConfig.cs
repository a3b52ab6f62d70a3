// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using Vault.Kubernetes.Authentication;
using Vault.Kubernetes.Secrets;

namespace Vault.Kubernetes.Annotations;

/// <summary>The validated agent configuration, from annotations or a JSON file.</summary>
public sealed class AgentConfig
{
    /// <summary>Gets how to reach Vault and log in: address (<c>service</c>, or <c>VAULT_ADDR</c> when <see langword="null"/>), namespace, TLS, and the Kubernetes role, auth mount and token file.</summary>
    /// <remarks>Core's one connection-options type, so the agent builds its identity with <see cref="VaultIdentity"/> as every other host does.</remarks>
    public required VaultConnectionOptions Connection { get; init; }

    /// <summary>Gets the default directory of rendered files.</summary>
    public string SecretVolumePath { get; init; } = AgentDefaults.SecretVolumePath;

    /// <summary>Gets a value indicating whether the pod has only the init container (a sidecar then has nothing to do).</summary>
    public bool PrePopulateOnly { get; init; }

    /// <summary>Gets how often non-leased secrets are re-read, or <see langword="null"/> for the engine default (5 minutes).</summary>
    public TimeSpan? StaticSecretRenderInterval { get; init; }

    /// <summary>Gets the file the Vault token is written to, or <see langword="null"/> for none.</summary>
    public string? TokenSinkPath { get; init; }

    /// <summary>Gets how long a secret's command may run.</summary>
    public TimeSpan CommandTimeout { get; init; } = AgentDefaults.CommandTimeout;

    /// <summary>Gets a value indicating whether the sidecar revokes its token when it stops.</summary>
    public bool RevokeOnShutdown { get; init; }

    /// <summary>Gets a value indicating whether init leaves its token and leases to the sidecar in the persistent cache (<see cref="AgentDefaults.CacheDirectory"/>), so a pod start costs one login and one credential per secret.</summary>
    /// <value>Default: <see langword="true"/>.</value>
    public bool CacheEnabled { get; init; } = true;

    /// <summary>Gets the files to render.</summary>
    public required IReadOnlyList<AgentFileSpec> Files { get; init; }

    /// <summary>Gets each file's compiled template (its own or the default format), keyed by <see cref="AgentFileSpec.Name"/>.</summary>
    /// <remarks>Compiled while the configuration is read, so template errors are listed with every other problem.</remarks>
    public IReadOnlyDictionary<string, SecretTemplate> Templates { get; init; } = new Dictionary<string, SecretTemplate>();

    /// <summary>Gets the problems that did not stop the agent, to report once at start.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
}
