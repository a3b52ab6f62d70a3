// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Text.Json.Serialization;

namespace Vault.Kubernetes.Authentication;

/// <summary>Source-generated (reflection-free, AOT-safe) JSON metadata for the authentication types.</summary>
[JsonSourceGenerationOptions(GenerationMode = JsonSourceGenerationMode.Metadata)]
[JsonSerializable(typeof(JwtPayload))]
internal sealed partial class AuthenticationJsonContext : JsonSerializerContext
{
}
