// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Threading;
using Vault.Kubernetes.Leases;
using Vault.Kubernetes.Secrets;

namespace Vault.Kubernetes.Sync;

/// <summary>The engine's mutable bookkeeping for one spec; guarded by <see cref="Gate"/>.</summary>
internal sealed class SyncEntry : IDisposable
{
    public SyncEntry(SecretSpec spec)
    {
        Spec = spec;
    }

    public SecretSpec Spec { get; }

    public SemaphoreSlim Gate { get; } = new(1, 1);

    public ITimer? Timer { get; set; }

    public bool Removed { get; set; }

    public SecretSnapshot? Snapshot { get; set; }

    /// <summary>Gets or sets the lifetime of the secret in the destination, or <see langword="null"/> before the first successful fetch.</summary>
    public LeaseInfo? Lease { get; set; }

    public LeaseHistory History { get; set; } = LeaseHistory.Empty;

    public string? ContentHash { get; set; }

    public DateTimeOffset? LastSuccessAt { get; set; }

    public DateTimeOffset? LastChangedAt { get; set; }

    /// <summary>Gets or sets the next action, or <see langword="null"/> for a full fetch (the first one, or after a failed first fetch).</summary>
    public LeaseAction? NextAction { get; set; }

    public DateTimeOffset? NextActionAt { get; set; }

    public int ConsecutiveFailures { get; set; }

    /// <summary>Gets or sets a value indicating whether the next reconcile must re-issue the lease (the session's token changed).</summary>
    public bool ReissueRequested { get; set; }

    public string? LastError { get; set; }

    /// <summary>Gets leases this spec created that are still live and not yet revoked; lock the list to use it.</summary>
    public List<string> OwnedLeases { get; } = [];

    public DateTimeOffset? LeaseExpiresAt =>
        Lease is { Kind: LeaseKind.Leased or LeaseKind.Certificate } lease ? History.CurrentExpiry(lease) : null;

    public SecretSyncState ToState() => new()
    {
        SpecName = Spec.Name,
        Path = Spec.Path,
        HasValue = ContentHash is not null,
        LastSuccessAt = LastSuccessAt,
        LastChangedAt = LastChangedAt,
        NextAction = NextAction?.ToString() ?? "Fetch",
        NextActionAt = NextActionAt,
        LastError = LastError,
        ConsecutiveFailures = ConsecutiveFailures,
        LeaseId = Snapshot is { HasLease: true } ? Snapshot.LeaseId : null,
        LeaseExpiresAt = LeaseExpiresAt,
        Version = Snapshot?.Version,
        ContentHash = ContentHash,
    };

    public void Dispose()
    {
        Timer?.Dispose();
        Gate.Dispose();
    }
}
