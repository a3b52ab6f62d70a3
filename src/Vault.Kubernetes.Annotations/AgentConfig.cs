// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using Vault.Kubernetes.Secrets;

namespace Vault.Kubernetes.Annotations;

/// <summary>The validated agent configuration, from annotations or a JSON file.</summary>
public sealed class AgentConfig
{
    /// <summary>Gets the Vault address (<c>service</c>), or <see langword="null"/> to use <c>VAULT_ADDR</c>.</summary>
    public string? VaultAddress { get; init; }

    /// <summary>Gets the Vault role to log in with.</summary>
    public required string Role { get; init; }

    /// <summary>Gets the auth mount path, always starting with <c>auth/</c>.</summary>
    public string AuthPath { get; init; } = AgentDefaults.AuthPath;

    /// <summary>Gets the Vault Enterprise namespace, or <see langword="null"/>.</summary>
    public string? Namespace { get; init; }

    /// <summary>Gets the service-account token file.</summary>
    public string TokenPath { get; init; } = AgentDefaults.TokenPath;

    /// <summary>Gets the CA certificate file (PEM) that signs Vault's certificate, or <see langword="null"/> for the system store.</summary>
    public string? CaCert { get; init; }

    /// <summary>Gets a value indicating whether TLS verification is skipped.</summary>
    public bool TlsSkipVerify { get; init; }

    /// <summary>Gets the server name used for SNI and certificate verification, or <see langword="null"/> for the host of the address.</summary>
    public string? TlsServerName { get; init; }

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

    /// <summary>Gets the files to render.</summary>
    public required IReadOnlyList<AgentFileSpec> Files { get; init; }

    /// <summary>Gets each file's compiled template (its own or the default format), keyed by <see cref="AgentFileSpec.Name"/>.</summary>
    /// <remarks>Compiled while the configuration is read, so template errors are listed with every other problem.</remarks>
    public IReadOnlyDictionary<string, SecretTemplate> Templates { get; init; } = new Dictionary<string, SecretTemplate>();

    /// <summary>Gets the problems that did not stop the agent, to report once at start.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
}
