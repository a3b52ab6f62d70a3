// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

namespace Vault.Kubernetes.Sync;

/// <summary>What happened to a spec in a <see cref="SecretSyncEngine"/>.</summary>
public enum SecretSyncEventKind
{
    /// <summary>The secret was fetched or checked and the destination already held its content.</summary>
    Unchanged = 0,

    /// <summary>The destination was written with new content.</summary>
    Changed = 1,

    /// <summary>The secret's lease was renewed.</summary>
    Renewed = 2,

    /// <summary>The secret was re-issued (new credentials) before its lease expired.</summary>
    Rotated = 3,

    /// <summary>A fetch, renewal or write failed; the destination keeps its last good content and the engine retries.</summary>
    Failed = 4,

    /// <summary>The spec was removed and its destination content deleted; <see cref="SecretSyncEventArgs.Error"/> is set when revoking its leases (<see cref="SecretSyncTarget.RevokeOnRemove"/>) failed, and they expire on their own.</summary>
    Removed = 5,

    /// <summary>A lease the engine created was revoked.</summary>
    Revoked = 6,
}
