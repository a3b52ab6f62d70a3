// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using Vault.Kubernetes.Leases;

namespace Vault.Kubernetes.Core.Tests.Leases;

/// <summary>
/// A tiny model of Vault's lease arithmetic for one role (reference §6.3): leases get the role TTL, renewals grant the
/// requested increment capped at issue time + max TTL (with the cap warning), in whole seconds; renewing at or past the
/// max, after expiry, or after revocation fails.
/// </summary>
internal sealed class FakeLeaseServer(TimeSpan ttl, TimeSpan maxTtl, bool renewable = true)
{
    private readonly Dictionary<string, Entry> _leases = [];
    private readonly List<Entry> _live = [];
    private int _next;

    public int Issued => _next;

    public int Revoked { get; private set; }

    /// <summary>Gets or sets a predicate that says when the server is down: every issue and renewal then fails.</summary>
    public Func<DateTimeOffset, bool> IsDown { get; set; } = _ => false;

    public LeaseInfo Issue(DateTimeOffset now)
    {
        ThrowIfDown(now);
        string id = $"database/creds/app/lease{++_next}";
        TimeSpan duration = ttl < maxTtl ? ttl : maxTtl;
        var entry = new Entry(now, now + duration);
        _leases[id] = entry;
        _live.Add(entry);
        return LeaseInfo.ForLease(id, duration, renewable, now);
    }

    public LeaseRenewal Renew(string leaseId, TimeSpan increment, DateTimeOffset now)
    {
        ThrowIfDown(now);
        Entry entry = _leases.TryGetValue(leaseId, out Entry? found) && !found.Revoked
            ? found
            : throw new InvalidOperationException("lease not found");
        if (!renewable)
        {
            throw new InvalidOperationException("lease is not renewable");
        }

        if (now >= entry.ExpiresAt)
        {
            throw new InvalidOperationException("lease expired");
        }

        TimeSpan remainingToMax = entry.IssuedAt + maxTtl - now;
        if (remainingToMax <= TimeSpan.Zero)
        {
            throw new InvalidOperationException("past the max TTL, cannot renew");
        }

        bool capped = increment > remainingToMax;
        TimeSpan granted = TimeSpan.FromSeconds(Math.Floor((capped ? remainingToMax : increment).TotalSeconds));
        entry.ExpiresAt = now + granted;
        return new LeaseRenewal(now, granted, increment, renewable: true, maxTtlWarning: capped);
    }

    public void Revoke(string leaseId)
    {
        if (_leases.TryGetValue(leaseId, out Entry? entry) && !entry.Revoked)
        {
            entry.Revoked = true;
            Revoked++;
        }
    }

    /// <summary>Returns when the lease stops being honoured: its expiry, or now if it was revoked or is unknown.</summary>
    public DateTimeOffset ValidUntil(string leaseId, DateTimeOffset now) =>
        _leases.TryGetValue(leaseId, out Entry? entry) && !entry.Revoked ? entry.ExpiresAt : now;

    public int LiveLeases(DateTimeOffset now)
    {
        // Expiry only moves forward while a lease lives, so a lease found dead stays dead and can be dropped.
        _live.RemoveAll(e => e.Revoked || e.ExpiresAt <= now);
        return _live.Count;
    }

    private void ThrowIfDown(DateTimeOffset now)
    {
        if (IsDown(now))
        {
            throw new HttpRequestException("connection refused");
        }
    }

    private sealed class Entry(DateTimeOffset issuedAt, DateTimeOffset expiresAt)
    {
        public DateTimeOffset IssuedAt { get; } = issuedAt;

        public DateTimeOffset ExpiresAt { get; set; } = expiresAt;

        public bool Revoked { get; set; }
    }
}
