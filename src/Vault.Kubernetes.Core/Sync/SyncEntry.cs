// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Threading;
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

    public string? ContentHash { get; set; }

    public DateTimeOffset? LeaseRenewedAt { get; set; }

    public DateTimeOffset? LeaseExpiresAt { get; set; }

    public TimeSpan CurrentLeaseDuration { get; set; }

    /// <summary>Gets or sets a value indicating whether the last renewal failed to extend the lease (max TTL reached).</summary>
    public bool RenewalCapped { get; set; }

    public DateTimeOffset? LastSuccessAt { get; set; }

    public DateTimeOffset? LastChangedAt { get; set; }

    public SyncAction NextAction { get; set; } = SyncAction.Fetch;

    public DateTimeOffset? NextActionAt { get; set; }

    public int ConsecutiveFailures { get; set; }

    public string? LastError { get; set; }

    /// <summary>Gets leases this spec created that are still live and not yet revoked.</summary>
    public List<string> OwnedLeases { get; } = [];

    public SecretSyncState ToState() => new()
    {
        SpecName = Spec.Name,
        HasValue = ContentHash is not null,
        LastSuccessAt = LastSuccessAt,
        LastChangedAt = LastChangedAt,
        NextAction = NextAction.ToString(),
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
