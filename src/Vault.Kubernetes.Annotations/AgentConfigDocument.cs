// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Vault.Kubernetes.Annotations;

/// <summary>The JSON configuration file (<c>--config agent.json</c>): the same settings as the annotations, in camelCase.</summary>
internal sealed class AgentConfigDocument
{
    public string? VaultAddress { get; set; }

    public string? Role { get; set; }

    public string? AuthPath { get; set; }

    public string? AuthType { get; set; }

    public string? Namespace { get; set; }

    public string? TokenPath { get; set; }

    public string? CaCert { get; set; }

    public bool? TlsSkipVerify { get; set; }

    public string? TlsServerName { get; set; }

    public string? SecretVolumePath { get; set; }

    public bool? PrePopulateOnly { get; set; }

    public string? StaticSecretRenderInterval { get; set; }

    public string? DefaultTemplate { get; set; }

    public bool? InjectToken { get; set; }

    public string? TokenSinkPath { get; set; }

    public bool? PreserveSecretCase { get; set; }

    public bool? RevokeOnShutdown { get; set; }

    public bool? CacheEnable { get; set; }

    public string? CommandTimeout { get; set; }

    public List<AgentSecretDocument>? Secrets { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Unknown { get; set; }
}
