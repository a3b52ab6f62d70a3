// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Vault.Kubernetes.Leases;

namespace Vault.Kubernetes.Secrets;

/// <summary>Answers each leased secret's first read from a snapshot an earlier process left (the agent's persistent cache) while its lease has time left; every other call goes to the inner source.</summary>
/// <remarks>
/// The engine plans renewals from the snapshot's <see cref="SecretSnapshot.RetrievedAt"/> and lease, so a restored lease is
/// renewed and re-issued on the same schedule as if this process had read it. Only snapshots with a lease are restored: KV
/// secrets are cheap to read and must not go stale between processes.
/// </remarks>
public sealed class RestoredSecretSource : IVaultSecretSource
{
    private readonly IVaultSecretSource _inner;
    private readonly ConcurrentDictionary<string, SecretSnapshot> _restored;
    private readonly TimeProvider _timeProvider;
    private readonly TimeSpan _minimumRemaining;
    private int _used;

    /// <summary>Initializes a new instance of the <see cref="RestoredSecretSource"/> class.</summary>
    /// <param name="inner">The source that reads from Vault.</param>
    /// <param name="restored">The restored snapshots, keyed by <see cref="SecretSpec.Name"/>.</param>
    /// <param name="timeProvider">The clock.</param>
    /// <param name="minimumRemaining">How much lease a restored snapshot must have left to be used; default 30 seconds.</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public RestoredSecretSource(IVaultSecretSource inner, IReadOnlyDictionary<string, SecretSnapshot> restored, TimeProvider timeProvider, TimeSpan? minimumRemaining = null)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(restored);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _inner = inner;
        _restored = new ConcurrentDictionary<string, SecretSnapshot>(restored, StringComparer.Ordinal);
        _timeProvider = timeProvider;
        _minimumRemaining = minimumRemaining ?? TimeSpan.FromSeconds(30);
    }

    /// <summary>Gets how many reads were answered from restored snapshots.</summary>
    public int RestoredReads => Volatile.Read(ref _used);

    /// <inheritdoc/>
    public Task<SecretSnapshot> ReadAsync(SecretSpec spec, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);

        // Each snapshot answers once: a later read is a re-issue and must reach Vault.
        if (_restored.TryRemove(spec.Name, out SecretSnapshot? snapshot)
            && snapshot.HasLease
            && snapshot.ExpiresAt is DateTimeOffset expiresAt
            && expiresAt - _timeProvider.GetUtcNow() >= _minimumRemaining)
        {
            Interlocked.Increment(ref _used);
            return Task.FromResult(snapshot);
        }

        return _inner.ReadAsync(spec, cancellationToken);
    }

    /// <inheritdoc/>
    public Task<int?> GetCurrentVersionAsync(SecretSpec spec, CancellationToken cancellationToken = default) => _inner.GetCurrentVersionAsync(spec, cancellationToken);

    /// <inheritdoc/>
    public Task<IReadOnlyList<string>> ListAsync(string path, CancellationToken cancellationToken = default) => _inner.ListAsync(path, cancellationToken);

    /// <inheritdoc/>
    public Task<LeaseGrant> RenewLeaseAsync(string leaseId, TimeSpan increment, CancellationToken cancellationToken = default) => _inner.RenewLeaseAsync(leaseId, increment, cancellationToken);

    /// <inheritdoc/>
    public Task RevokeLeaseAsync(string leaseId, CancellationToken cancellationToken = default) => _inner.RevokeLeaseAsync(leaseId, cancellationToken);
}
