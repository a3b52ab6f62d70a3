// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Vault.Kubernetes.Leases;
using Vault.Kubernetes.Secrets;

namespace Vault.Kubernetes.Sync;

/// <summary>The engine's bookkeeping for one fetched secret, shared by every target spec that reads the same thing; guarded by <see cref="Gate"/>.</summary>
internal sealed class SyncEntry : IDisposable
{
    public SyncEntry(string key, SecretSpec spec, IdentitySlot slot)
    {
        Key = key;
        Spec = spec;
        Slot = slot;
    }

    /// <summary>Gets the sharing key: identity, kind, path, version, request body and refresh interval.</summary>
    public string Key { get; }

    /// <summary>Gets the spec the entry was created for; its transform and name are the targets' business, not the entry's.</summary>
    public SecretSpec Spec { get; }

    public IdentitySlot Slot { get; }

    /// <summary>Gets the targets reading this entry; lock the list to use it.</summary>
    public List<TargetEntry> Targets { get; } = [];

    public SemaphoreSlim Gate { get; } = new(1, 1);

    public ITimer? Timer { get; set; }

    public bool Removed { get; set; }

    /// <summary>Gets a task that completes when the first reconcile ended (read and published, or failed); pull-style hosts wait on it.</summary>
    public TaskCompletionSource FirstAttempt { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Gets or sets a value indicating whether at least one fetch was attempted (an optional spec then no longer holds its target back).</summary>
    public bool Attempted { get; set; }

    public SecretSnapshot? Snapshot { get; set; }

    /// <summary>Gets or sets the lifetime of the secret held, or <see langword="null"/> before the first successful fetch.</summary>
    public LeaseInfo? Lease { get; set; }

    public LeaseHistory History { get; set; } = LeaseHistory.Empty;

    public DateTimeOffset? LastSuccessAt { get; set; }

    public DateTimeOffset? LastChangedAt { get; set; }

    /// <summary>Gets or sets the next action, or <see langword="null"/> for a full fetch (the first one, or after a failed first fetch).</summary>
    public LeaseAction? NextAction { get; set; }

    public DateTimeOffset? NextActionAt { get; set; }

    public int ConsecutiveFailures { get; set; }

    /// <summary>Gets or sets a value indicating whether the next reconcile must re-issue the lease (the session's token changed).</summary>
    public bool ReissueRequested { get; set; }

    public string? LastError { get; set; }

    /// <summary>Gets leases this entry created that are still live and not yet revoked; lock the list to use it.</summary>
    public List<string> OwnedLeases { get; } = [];

    public DateTimeOffset? LeaseExpiresAt =>
        Lease is { Kind: LeaseKind.Leased or LeaseKind.Certificate } lease ? History.CurrentExpiry(lease) : null;

    public static string CreateKey(string slotKey, SecretSpec spec)
    {
        var key = new StringBuilder(slotKey).Append('\n').Append((int)spec.Kind).Append('|').Append(spec.Path).Append('|')
            .Append(spec.Version?.ToString(CultureInfo.InvariantCulture)).Append('|').Append(spec.UseWrite).Append('|')
            .Append(spec.RefreshInterval?.Ticks.ToString(CultureInfo.InvariantCulture));
        if (spec.Body is { } body)
        {
            // Length-prefixed pairs: no two bodies share an encoding.
            foreach (KeyValuePair<string, string> pair in body.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                key.Append('|').Append(pair.Key.Length).Append(':').Append(pair.Key).Append(pair.Value.Length).Append(':').Append(pair.Value);
            }
        }

        return key.ToString();
    }

    public TargetEntry[] GetTargets()
    {
        lock (Targets)
        {
            return [.. Targets];
        }
    }

    public SecretSyncState ToState(TargetEntry target, SecretSpec spec) => new()
    {
        SpecName = spec.Name,
        TargetName = target.Target.Name,
        Path = Spec.Path,
        HasValue = Snapshot is not null && target.Published,
        LastSuccessAt = LastSuccessAt,
        LastChangedAt = LastChangedAt,
        NextAction = NextAction?.ToString() ?? "Fetch",
        NextActionAt = NextActionAt,
        LastError = LastError,
        ConsecutiveFailures = ConsecutiveFailures,
        LeaseId = Snapshot is { HasLease: true } ? Snapshot.LeaseId : null,
        LeaseExpiresAt = LeaseExpiresAt,
        Version = Snapshot?.Version,
        ContentHash = target.ContentHash,
    };

    public void Dispose()
    {
        Timer?.Dispose();
        Gate.Dispose();
    }
}
