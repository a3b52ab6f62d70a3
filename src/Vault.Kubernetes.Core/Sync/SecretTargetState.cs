// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;

namespace Vault.Kubernetes.Sync;

/// <summary>A point-in-time view of one target: its health with the reason, and the state of each spec. It holds no secret values.</summary>
public sealed record SecretTargetState
{
    /// <summary>Gets the name of the target.</summary>
    public required string Name { get; init; }

    /// <summary>Gets how well the destination is served.</summary>
    public required SecretTargetHealth Health { get; init; }

    /// <summary>Gets why the target is not healthy, naming each path (for example <c>secret/app: not loaded (404 ...)</c>), or a summary when it is.</summary>
    public required string Reason { get; init; }

    /// <summary>Gets the state of each spec, in the target's order.</summary>
    public required IReadOnlyList<SecretSyncState> Specs { get; init; }

    /// <summary>Gets the HMAC of the content in the destination, or <see langword="null"/> before the first write.</summary>
    public string? ContentHash { get; init; }

    /// <summary>Gets when the destination was last written.</summary>
    public DateTimeOffset? LastWrittenAt { get; init; }

    /// <summary>Gets the identity that reads the specs, described without credentials, or <see langword="null"/> for the engine's own source.</summary>
    public string? Identity { get; init; }
}
