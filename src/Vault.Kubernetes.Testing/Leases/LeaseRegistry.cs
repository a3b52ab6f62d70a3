// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;

namespace Vault.Kubernetes.Testing.Leases;

/// <summary>The dev server's expiration manager: issues, renews (with max TTL capping), looks up, revokes and expires leases.</summary>
/// <remarks>
/// Validity is decided by the clock, not by the reaper: a lease is unusable from the instant its expire time passes,
/// and the engine behind it is told (so the credential stops working) when the reap timer fires, which is scheduled
/// on the injected <see cref="TimeProvider"/> at the expire time plus <see cref="ReapDelay"/>.
/// </remarks>
internal sealed class LeaseRegistry : IDisposable
{
    /// <summary>Vault's system default lease TTL (768h).</summary>
    public static readonly TimeSpan SystemDefaultTtl = TimeSpan.FromHours(768);

    /// <summary>Vault's system max lease TTL (768h).</summary>
    public static readonly TimeSpan SystemMaxTtl = TimeSpan.FromHours(768);

    private const int LeaseSuffixLength = 24;

    private readonly Lock _lock = new();
    private readonly Dictionary<string, Lease> _leases = new(StringComparer.Ordinal);
    private readonly TimeProvider _timeProvider;
    private bool _disposed;

    public LeaseRegistry(TimeProvider timeProvider, TimeSpan reapDelay = default)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentOutOfRangeException.ThrowIfLessThan(reapDelay, TimeSpan.Zero);
        _timeProvider = timeProvider;
        ReapDelay = reapDelay;
    }

    /// <summary>Gets how long an expired lease stays in the table (answering "lease expired") before it is reaped.</summary>
    public TimeSpan ReapDelay { get; }

    /// <summary>Gets the number of leases in the table (including expired ones not yet reaped).</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _leases.Count;
            }
        }
    }

    /// <summary>Creates a lease under <paramref name="path"/> with the TTL the terms grant (default TTL capped by max TTL).</summary>
    public Lease Register(string path, LeaseTerms terms, bool renewable, string? ownerToken = null, ILeaseBackend? backend = null, object? state = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        DateTimeOffset now = _timeProvider.GetUtcNow();
        TimeSpan maxTtl = EffectiveMaxTtl(terms);
        TimeSpan ttl = terms.DefaultTtl > TimeSpan.Zero ? terms.DefaultTtl : SystemDefaultTtl;
        if (ttl > maxTtl)
        {
            ttl = maxTtl;
        }

        var lease = new Lease(path.TrimEnd('/') + "/" + VaultRandom.Base62String(LeaseSuffixLength), path, now, terms, renewable, ownerToken, backend, state)
        {
            ExpireTime = now + ttl,
        };
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _leases.Add(lease.Id, lease);
            ScheduleReap(lease, now);
        }

        return lease;
    }

    /// <summary>Renews a lease: the new TTL is the increment (or the engine's default TTL), capped at issue time + max TTL.</summary>
    /// <exception cref="VaultBackendException">The lease is unknown, expired, not renewable or past its max TTL.</exception>
    public LeaseRenewal Renew(string? leaseId, TimeSpan increment = default)
    {
        if (string.IsNullOrEmpty(leaseId))
        {
            throw VaultBackendException.BadRequest("lease_id must be specified");
        }

        Lease lease;
        DateTimeOffset now;
        lock (_lock)
        {
            now = _timeProvider.GetUtcNow();
            lease = GetForRenewal(leaseId, now);
        }

        // The engine is asked outside the lock: it may take its own lock (role table).
        LeaseTerms terms = lease.Backend?.GetRenewalTerms(lease) ?? lease.Terms;
        TimeSpan maxTtl = EffectiveMaxTtl(terms);
        TimeSpan ttl = increment > TimeSpan.Zero ? increment : terms.DefaultTtl > TimeSpan.Zero ? terms.DefaultTtl : SystemDefaultTtl;
        var warnings = new List<string>();
        lock (_lock)
        {
            now = _timeProvider.GetUtcNow();
            lease = GetForRenewal(leaseId, now);
            DateTimeOffset maxValidTime = lease.IssueTime + maxTtl;
            if (maxValidTime <= now)
            {
                throw VaultBackendException.BadRequest("past the max TTL, cannot renew");
            }

            TimeSpan maxValidTtl = maxValidTime - now;
            if (ttl > maxValidTtl)
            {
                warnings.Add($"TTL of \"{VaultDuration.Format(ttl)}\" exceeded the effective max_ttl of \"{VaultDuration.Format(maxValidTtl)}\"; TTL value is capped accordingly");
                ttl = maxValidTtl;
            }

            lease.ExpireTime = now + ttl;
            lease.LastRenewal = now;
            ScheduleReap(lease, now);
        }

        return new LeaseRenewal(lease.Id, ttl, lease.Renewable, warnings);
    }

    /// <summary>Returns the lease with the given id, including one that expired but was not yet reaped.</summary>
    /// <exception cref="VaultBackendException">400 <c>invalid lease</c> when no such lease exists.</exception>
    public Lease Lookup(string? leaseId)
    {
        if (string.IsNullOrEmpty(leaseId))
        {
            throw VaultBackendException.BadRequest("lease_id must be specified");
        }

        lock (_lock)
        {
            return _leases.TryGetValue(leaseId, out Lease? lease) ? lease : throw VaultBackendException.BadRequest("invalid lease");
        }
    }

    /// <summary>Returns whether the lease exists and has not expired by the clock.</summary>
    public bool IsActive(string leaseId)
    {
        lock (_lock)
        {
            return _leases.TryGetValue(leaseId, out Lease? lease) && lease.ExpireTime > _timeProvider.GetUtcNow();
        }
    }

    /// <summary>Returns the ids of all leases whose id starts with <paramref name="prefix"/>, in ordinal order.</summary>
    public IReadOnlyList<string> List(string prefix)
    {
        lock (_lock)
        {
            return _leases.Keys.Where(id => id.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
        }
    }

    /// <summary>Revokes a lease now; revoking an unknown lease succeeds (as Vault's expiration manager does).</summary>
    /// <exception cref="VaultBackendException">400 <c>lease_id must be specified</c> when the id is empty.</exception>
    public void Revoke(string? leaseId)
    {
        if (string.IsNullOrEmpty(leaseId))
        {
            throw VaultBackendException.BadRequest("lease_id must be specified");
        }

        RevokeWhere(lease => lease.Id == leaseId);
    }

    /// <summary>Revokes every lease whose id starts with <paramref name="prefix"/>; returns how many were revoked.</summary>
    public int RevokePrefix(string prefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        return RevokeWhere(lease => lease.Id.StartsWith(prefix, StringComparison.Ordinal));
    }

    /// <summary>Revokes every lease created by <paramref name="token"/> (revoke-self, token revocation, token expiry).</summary>
    public int RevokeByToken(string token)
    {
        ArgumentException.ThrowIfNullOrEmpty(token);
        return RevokeWhere(lease => lease.OwnerToken == token);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
            foreach (Lease lease in _leases.Values)
            {
                lease.ReapTimer?.Dispose();
            }
        }
    }

    private static TimeSpan EffectiveMaxTtl(LeaseTerms terms) =>
        terms.MaxTtl > TimeSpan.Zero && terms.MaxTtl < SystemMaxTtl ? terms.MaxTtl : SystemMaxTtl;

    private Lease GetForRenewal(string leaseId, DateTimeOffset now)
    {
        if (!_leases.TryGetValue(leaseId, out Lease? lease))
        {
            // Token leases live in the token store, never here (Vault keys them under auth/<mount>/...).
            throw VaultBackendException.BadRequest(leaseId.StartsWith("auth/", StringComparison.Ordinal)
                ? "tokens cannot be renewed through this endpoint"
                : "lease not found");
        }

        if (lease.ExpireTime <= now)
        {
            throw VaultBackendException.BadRequest("lease expired");
        }

        if (!lease.Renewable)
        {
            throw VaultBackendException.BadRequest("lease is not renewable");
        }

        return lease;
    }

    private int RevokeWhere(Func<Lease, bool> predicate)
    {
        List<Lease> revoked;
        lock (_lock)
        {
            revoked = _leases.Values.Where(predicate).ToList();
            foreach (Lease lease in revoked)
            {
                _leases.Remove(lease.Id);
                lease.ReapTimer?.Dispose();
            }
        }

        foreach (Lease lease in revoked)
        {
            lease.Backend?.OnLeaseRevoked(lease);
        }

        return revoked.Count;
    }

    private void ScheduleReap(Lease lease, DateTimeOffset now)
    {
        TimeSpan due = lease.ExpireTime + ReapDelay - now;
        if (due < TimeSpan.Zero)
        {
            due = TimeSpan.Zero;
        }

        if (lease.ReapTimer is null)
        {
            string id = lease.Id;
            lease.ReapTimer = _timeProvider.CreateTimer(_ => Reap(id), null, due, Timeout.InfiniteTimeSpan);
        }
        else
        {
            lease.ReapTimer.Change(due, Timeout.InfiniteTimeSpan);
        }
    }

    private void Reap(string leaseId)
    {
        Lease? reaped = null;
        lock (_lock)
        {
            // A renewal may have moved the expire time after the timer was queued.
            if (_leases.TryGetValue(leaseId, out Lease? lease) && lease.ExpireTime + ReapDelay <= _timeProvider.GetUtcNow())
            {
                _leases.Remove(leaseId);
                lease.ReapTimer?.Dispose();
                reaped = lease;
            }
        }

        reaped?.Backend?.OnLeaseRevoked(reaped);
    }
}
