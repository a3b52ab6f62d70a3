// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Text.Json.Serialization;

namespace Vault.Kubernetes.Annotations;

/// <summary>Source-generated JSON metadata for the configuration file, so the NativeAOT build needs no reflection.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip,
    AllowTrailingCommas = true)]
[JsonSerializable(typeof(AgentConfigDocument))]
internal sealed partial class AgentJsonContext : JsonSerializerContext
{
}
