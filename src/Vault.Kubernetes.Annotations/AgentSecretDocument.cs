// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Vault.Kubernetes.Annotations;

/// <summary>One entry of <c>secrets</c> in the JSON configuration file.</summary>
internal sealed class AgentSecretDocument
{
    public string? Name { get; set; }

    public string? Path { get; set; }

    public string? Kind { get; set; }

    public string? Template { get; set; }

    public string? TemplateFile { get; set; }

    public string? File { get; set; }

    public string? Perms { get; set; }

    public string? Command { get; set; }

    public bool? ErrorOnMissingKey { get; set; }

    public string? LeftDelimiter { get; set; }

    public string? RightDelimiter { get; set; }

    public string? SecretVolumePath { get; set; }

    public bool? PreserveSecretCase { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Unknown { get; set; }
}
