// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Threading;

namespace Vault.Kubernetes.Sync;

/// <summary>The engine's bookkeeping for one target: its entries (one per spec, in order) and what its destination holds.</summary>
internal sealed class TargetEntry : IDisposable
{
    public TargetEntry(SecretSyncTarget target, IdentitySlot slot, SyncEntry[] entries)
    {
        Target = target;
        Slot = slot;
        Entries = entries;
        ContentHash = target.KnownContentHash;
    }

    public SecretSyncTarget Target { get; }

    public IdentitySlot Slot { get; }

    /// <summary>Gets the entry of each spec, in the target's order.</summary>
    public SyncEntry[] Entries { get; }

    /// <summary>Gets the gate that keeps writes of this target one at a time and each built from the entries' latest snapshots.</summary>
    public SemaphoreSlim WriteGate { get; } = new(1, 1);

    public bool Removed { get; set; }

    /// <summary>Gets or sets a value indicating whether an entry changed since the destination was last brought up to date.</summary>
    public bool Dirty { get; set; } = true;

    /// <summary>Gets or sets a value indicating whether the destination holds this target's complete content (written, or known to hold it).</summary>
    public bool Published { get; set; }

    public string? ContentHash { get; set; }

    public DateTimeOffset? LastWrittenAt { get; set; }

    public void Dispose() => WriteGate.Dispose();
}
