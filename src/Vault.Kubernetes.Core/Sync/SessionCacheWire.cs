// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Vault.Kubernetes.Sync;

/// <summary>The cache file as stored: the wrapping token of the key, and the encrypted payload.</summary>
internal sealed class SessionCacheFileWire
{
    [JsonPropertyName("version")]
    public int Version { get; set; }

    [JsonPropertyName("wrapping_token")]
    public string? WrappingToken { get; set; }

    [JsonPropertyName("nonce")]
    public byte[]? Nonce { get; set; }

    [JsonPropertyName("tag")]
    public byte[]? Tag { get; set; }

    [JsonPropertyName("ciphertext")]
    public byte[]? Ciphertext { get; set; }
}

/// <summary>The decrypted payload: the Vault token and the leased secrets.</summary>
internal sealed class SessionCachePayloadWire
{
    [JsonPropertyName("token")]
    public string? Token { get; set; }

    [JsonPropertyName("secrets")]
    public List<SessionCacheSecretWire>? Secrets { get; set; }
}

/// <summary>One leased secret of the payload.</summary>
internal sealed class SessionCacheSecretWire
{
    [JsonPropertyName("name")]
    public string? Name { get; set; }

    [JsonPropertyName("data")]
    public Dictionary<string, JsonElement>? Data { get; set; }

    [JsonPropertyName("retrieved_at")]
    public DateTimeOffset RetrievedAt { get; set; }

    [JsonPropertyName("lease_id")]
    public string? LeaseId { get; set; }

    [JsonPropertyName("lease_seconds")]
    public double LeaseSeconds { get; set; }

    [JsonPropertyName("renewable")]
    public bool Renewable { get; set; }

    [JsonPropertyName("version")]
    public int? Version { get; set; }

    [JsonPropertyName("warnings")]
    public List<string>? Warnings { get; set; }
}

/// <summary>Source-generated JSON metadata for the session cache (AOT-safe).</summary>
[JsonSerializable(typeof(SessionCacheFileWire))]
[JsonSerializable(typeof(SessionCachePayloadWire))]
internal sealed partial class SessionCacheJsonContext : JsonSerializerContext
{
}
