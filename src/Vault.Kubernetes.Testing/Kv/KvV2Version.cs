// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Text.Json.Nodes;

namespace Vault.Kubernetes.Testing.Kv;

/// <summary>One version of a KV v2 secret.</summary>
internal sealed class KvV2Version
{
    /// <summary>Gets or sets the data (null once destroyed).</summary>
    public JsonObject? Data { get; set; }

    /// <summary>Gets the creation time.</summary>
    public required DateTimeOffset CreatedTime { get; init; }

    /// <summary>Gets or sets the deletion time (soft delete, or delete_version_after); deleted once it is not in the future.</summary>
    public DateTimeOffset? DeletionTime { get; set; }

    /// <summary>Gets or sets a value indicating whether the version was destroyed.</summary>
    public bool Destroyed { get; set; }

    /// <summary>Whether the version is unreadable at <paramref name="now"/> (deleted in the past or destroyed).</summary>
    public bool IsGone(DateTimeOffset now) => Destroyed || DeletionTime is { } deleted && deleted <= now;
}
