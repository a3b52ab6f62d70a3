// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Vault.Kubernetes.Http;

/// <summary>An envelope or error body as Vault writes it (any key may be absent), filled by <see cref="EnvelopeParser"/>.</summary>
internal sealed class EnvelopeWire
{
    public string? RequestId { get; set; }

    public string? LeaseId { get; set; }

    public bool Renewable { get; set; }

    public long LeaseDuration { get; set; }

    public JsonElement? Data { get; set; }

    /// <summary>Gets or sets <c>data.current_version</c> when the body was read by <see cref="EnvelopeParser.ParseCurrentVersion"/>, which keeps nothing else of <c>data</c>.</summary>
    public int? DataCurrentVersion { get; set; }

    public WrapInfoWire? WrapInfo { get; set; }

    public List<string>? Warnings { get; set; }

    public AuthWire? Auth { get; set; }

    public string? MountType { get; set; }

    public List<string>? Errors { get; set; }
}

internal sealed class AuthWire
{
    public string? ClientToken { get; set; }

    public string? Accessor { get; set; }

    public List<string>? Policies { get; set; }

    public List<string>? TokenPolicies { get; set; }

    public Dictionary<string, string?>? Metadata { get; set; }

    public long LeaseDuration { get; set; }

    public bool Renewable { get; set; }

    public string? EntityId { get; set; }

    public string? TokenType { get; set; }

    public bool Orphan { get; set; }

    public int NumUses { get; set; }
}

internal sealed class WrapInfoWire
{
    public string? Token { get; set; }

    public string? Accessor { get; set; }

    public long Ttl { get; set; }

    public string? CreationTime { get; set; }

    public string? CreationPath { get; set; }

    public string? WrappedAccessor { get; set; }
}

internal sealed class KubernetesLoginRequest
{
    public required string Role { get; init; }

    public required string Jwt { get; init; }
}

internal sealed class IncrementRequest
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? Increment { get; init; }
}

internal sealed class LeaseRequest
{
    public required string LeaseId { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? Increment { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? Sync { get; init; }
}

internal sealed class KvV2WriteRequest
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public KvV2WriteOptions? Options { get; init; }

    public required IReadOnlyDictionary<string, JsonElement> Data { get; init; }
}

internal sealed class KvV2WriteOptions
{
    public int Cas { get; init; }
}

internal sealed class KvMountWire
{
    public string? Type { get; set; }

    public string? Path { get; set; }

    public Dictionary<string, string?>? Options { get; set; }
}

internal sealed class KvMetadataWire
{
    public bool CasRequired { get; set; }

    public string? CreatedTime { get; set; }

    public int CurrentVersion { get; set; }

    public int OldestVersion { get; set; }

    public int MaxVersions { get; set; }

    public string? DeleteVersionAfter { get; set; }

    public string? UpdatedTime { get; set; }

    public Dictionary<string, string?>? CustomMetadata { get; set; }

    public Dictionary<string, KvVersionWire>? Versions { get; set; }
}

internal sealed class KvVersionWire
{
    public string? CreatedTime { get; set; }

    public string? DeletionTime { get; set; }

    public bool Destroyed { get; set; }

    public int Version { get; set; }

    public Dictionary<string, string?>? CustomMetadata { get; set; }
}

internal sealed class KeyListWire
{
    public List<string>? Keys { get; set; }
}

internal sealed class HealthWire
{
    public bool Initialized { get; set; }

    public bool Sealed { get; set; }

    public bool Standby { get; set; }

    public bool PerformanceStandby { get; set; }

    public string? ReplicationPerformanceMode { get; set; }

    public string? ReplicationDrMode { get; set; }

    public long ServerTimeUtc { get; set; }

    public string? Version { get; set; }

    public bool Enterprise { get; set; }

    public string? ClusterName { get; set; }

    public string? ClusterId { get; set; }
}

internal sealed class UnwrapRequest
{
    public required string Token { get; init; }
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    NumberHandling = JsonNumberHandling.AllowReadingFromString,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(AuthWire))]
[JsonSerializable(typeof(WrapInfoWire))]
[JsonSerializable(typeof(KubernetesLoginRequest))]
[JsonSerializable(typeof(IncrementRequest))]
[JsonSerializable(typeof(LeaseRequest))]
[JsonSerializable(typeof(KvV2WriteRequest))]
[JsonSerializable(typeof(KvMountWire))]
[JsonSerializable(typeof(KvMetadataWire))]
[JsonSerializable(typeof(KvVersionWire))]
[JsonSerializable(typeof(KeyListWire))]
[JsonSerializable(typeof(HealthWire))]
[JsonSerializable(typeof(UnwrapRequest))]
[JsonSerializable(typeof(IReadOnlyDictionary<string, string>))]
[JsonSerializable(typeof(IReadOnlyDictionary<string, JsonElement>))]
[JsonSerializable(typeof(JsonElement))]
internal sealed partial class VaultJsonContext : JsonSerializerContext
{
}
