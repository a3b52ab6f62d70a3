// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;

namespace Vault.Kubernetes.Sync;

/// <summary>A point-in-time view of one spec of a target in a <see cref="SecretSyncEngine"/>, for health checks, status and diagnostics.</summary>
/// <remarks>It holds no secret values: only times, versions, lease ids and the failure message.</remarks>
public sealed record SecretSyncState
{
    /// <summary>Gets the name of the spec.</summary>
    public required string SpecName { get; init; }

    /// <summary>Gets the name of the target the spec belongs to (for a spec added on its own, the spec's name).</summary>
    public string TargetName { get; init; } = string.Empty;

    /// <summary>Gets the Vault path the spec reads.</summary>
    public string Path { get; init; } = string.Empty;

    /// <summary>Gets a value indicating whether the destination holds content for the spec (possibly last-known-good).</summary>
    public bool HasValue { get; init; }

    /// <summary>Gets when the spec was last fetched or renewed successfully.</summary>
    public DateTimeOffset? LastSuccessAt { get; init; }

    /// <summary>Gets when the destination content last changed.</summary>
    public DateTimeOffset? LastChangedAt { get; init; }

    /// <summary>Gets the next scheduled action.</summary>
    public string NextAction { get; init; } = "None";

    /// <summary>Gets when the next action is due.</summary>
    public DateTimeOffset? NextActionAt { get; init; }

    /// <summary>Gets the last failure's message, or <see langword="null"/> when the last attempt succeeded.</summary>
    public string? LastError { get; init; }

    /// <summary>Gets how many attempts in a row have failed.</summary>
    public int ConsecutiveFailures { get; init; }

    /// <summary>Gets the lease of the content in the destination, or <see langword="null"/> when it has none.</summary>
    public string? LeaseId { get; init; }

    /// <summary>Gets when the lease of the content in the destination expires, or <see langword="null"/> when it has none.</summary>
    public DateTimeOffset? LeaseExpiresAt { get; init; }

    /// <summary>Gets the KV version 2 version in the destination, or <see langword="null"/>.</summary>
    public int? Version { get; init; }

    /// <summary>Gets the HMAC of the target's content in the destination, or <see langword="null"/> before the first write.</summary>
    public string? ContentHash { get; init; }
}
