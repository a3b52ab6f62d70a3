// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;

namespace Vault.Kubernetes.Secrets;

/// <summary>The result of a KV v1 or v2 read: the values plus, for KV v2, the version metadata, and whether the secret was found, deleted or destroyed.</summary>
/// <remarks>
/// "Not found", "deleted" and "destroyed" are results, not exceptions; a missing mount or a permission problem is a
/// <see cref="Http.VaultException"/>. <see cref="ToString"/> lists keys' count and metadata, never values.
/// </remarks>
public sealed class KvSecret
{
    internal static readonly IReadOnlyDictionary<string, JsonElement> s_noData = new Dictionary<string, JsonElement>(0);
    internal static readonly IReadOnlyDictionary<string, string> s_noMetadata = new Dictionary<string, string>(0);

    internal KvSecret(string mount, string path, int engineVersion, KvSecretStatus status)
    {
        Mount = mount;
        Path = path;
        EngineVersion = engineVersion;
        Status = status;
    }

    /// <summary>Gets the mount path the secret was read from, without slashes.</summary>
    public string Mount { get; }

    /// <summary>Gets the path of the secret inside the mount.</summary>
    public string Path { get; }

    /// <summary>Gets the KV engine version: 1 or 2.</summary>
    public int EngineVersion { get; }

    /// <summary>Gets what the read found.</summary>
    public KvSecretStatus Status { get; }

    /// <summary>Gets a value indicating whether the secret exists (<see cref="Status"/> is <see cref="KvSecretStatus.Found"/>).</summary>
    public bool Exists => Status == KvSecretStatus.Found;

    /// <summary>Gets the secret's key/value pairs (empty unless <see cref="Exists"/>).</summary>
    public IReadOnlyDictionary<string, JsonElement> Data { get; internal init; } = s_noData;

    /// <summary>Gets the version number (KV v2), or <see langword="null"/> for KV v1 and for secrets not found.</summary>
    public int? Version { get; internal init; }

    /// <summary>Gets when the version was created (KV v2).</summary>
    public DateTimeOffset? CreatedTime { get; internal init; }

    /// <summary>Gets when the version was or will be soft-deleted (KV v2), or <see langword="null"/> when it is not scheduled for deletion.</summary>
    public DateTimeOffset? DeletionTime { get; internal init; }

    /// <summary>Gets a value indicating whether the version was destroyed (KV v2).</summary>
    public bool Destroyed { get; internal init; }

    /// <summary>Gets the key-level custom metadata (KV v2).</summary>
    public IReadOnlyDictionary<string, string> CustomMetadata { get; internal init; } = s_noMetadata;

    /// <summary>Gets the advisory refresh interval Vault returned (KV v1: the secret's <c>ttl</c> or the mount default; KV v2: zero).</summary>
    public TimeSpan LeaseDuration { get; internal init; }

    /// <summary>Gets the Vault request ID of the read.</summary>
    public string RequestId { get; internal init; } = string.Empty;

    /// <summary>Gets Vault's warnings for the read.</summary>
    public IReadOnlyList<string> Warnings { get; internal init; } = [];

    /// <summary>Returns a description without values.</summary>
    /// <returns>Mount, path, status, version and the number of keys.</returns>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"KvSecret {{ Path = {Mount}/{Path}, KV v{EngineVersion}, Status = {Status}, Version = {Version}, Keys = {Data.Count}, Data = [REDACTED] }}");
}
