// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;

namespace Vault.Kubernetes.Testing.Internal;

/// <summary>The lease registry: engines register leases; tokens' revocation and expiry revoke them.</summary>
/// <remarks>Not thread-safe by itself: callers hold <see cref="VaultCore"/>'s gate. The sys/leases HTTP endpoints are a plug-in on top.</remarks>
internal sealed class LeaseStore(TimeProvider clock, TimeSpan defaultTtl, TimeSpan maxTtl)
{
    private readonly Dictionary<string, Lease> _leases = new(StringComparer.Ordinal);

    /// <summary>Raised after a lease is revoked (explicitly, by expiry, or with its token).</summary>
    public event Action<Lease>? Revoked;

    /// <summary>Gets the system default lease TTL.</summary>
    public TimeSpan DefaultTtl { get; } = defaultTtl;

    /// <summary>Gets the system max lease TTL.</summary>
    public TimeSpan SystemMaxTtl { get; } = maxTtl;

    /// <summary>Gets all live leases.</summary>
    public IEnumerable<Lease> All => _leases.Values;

    /// <summary>Registers a lease for <paramref name="path"/>; TTLs of zero take the system defaults, and the TTL is capped at the max.</summary>
    public Lease Register(string path, TimeSpan ttl, TimeSpan maxTtl, bool renewable, string? tokenId, string mountType)
    {
        DateTimeOffset now = clock.GetUtcNow();
        TimeSpan max = maxTtl > TimeSpan.Zero && maxTtl < SystemMaxTtl ? maxTtl : SystemMaxTtl;
        TimeSpan granted = ttl > TimeSpan.Zero ? ttl : DefaultTtl;
        if (granted > max)
        {
            granted = max;
        }

        var lease = new Lease
        {
            Id = Ids.LeaseId(path),
            Path = path,
            IssueTime = now,
            Ttl = granted,
            MaxTtl = max,
            ExpireTime = now + granted,
            Renewable = renewable,
            TokenId = tokenId,
            MountType = mountType,
        };
        _leases[lease.Id] = lease;
        return lease;
    }

    /// <summary>Finds a lease by id (including expired-but-not-yet-tidied ones; check <see cref="Lease.ExpireTime"/>).</summary>
    public Lease? Get(string? id) => id is not null && _leases.TryGetValue(id, out Lease? lease) ? lease : null;

    /// <summary>Renews a lease with Vault's arithmetic (increment = new TTL from now, capped at issue + max TTL).</summary>
    public TtlResult Renew(Lease lease, TimeSpan increment)
    {
        DateTimeOffset now = clock.GetUtcNow();
        if (lease.ExpireTime <= now)
        {
            return new TtlResult(TimeSpan.Zero, null, "lease expired");
        }

        if (!lease.Renewable)
        {
            return new TtlResult(TimeSpan.Zero, null, VaultErrors.LeaseNotRenewable);
        }

        if (lease.RenewCheck?.Invoke(lease) is { } refusal)
        {
            return new TtlResult(TimeSpan.Zero, null, refusal);
        }

        TtlResult result = TtlCalculator.Calculate(now, lease.IssueTime, increment, lease.Ttl, DefaultTtl, lease.MaxTtl);
        if (result.Error is null)
        {
            lease.Ttl = result.Ttl;
            lease.ExpireTime = now + result.Ttl;
            lease.LastRenewal = now;
        }

        return result;
    }

    /// <summary>Revokes a lease (runs its <see cref="Lease.OnRevoke"/> hook); returns false when unknown.</summary>
    public bool Revoke(string id)
    {
        if (!_leases.Remove(id, out Lease? lease))
        {
            return false;
        }

        lease.OnRevoke?.Invoke(lease);
        Revoked?.Invoke(lease);
        return true;
    }

    /// <summary>Revokes every lease whose id starts with <paramref name="prefix"/>; returns how many.</summary>
    public int RevokePrefix(string prefix)
    {
        List<string> ids = [.. _leases.Keys.Where(id => id.StartsWith(prefix, StringComparison.Ordinal))];
        ids.ForEach(id => Revoke(id));
        return ids.Count;
    }

    /// <summary>Revokes every lease created by <paramref name="tokenId"/> (wired to <see cref="TokenStore.Revoked"/>).</summary>
    public void RevokeByToken(string tokenId)
    {
        foreach (string id in _leases.Values.Where(l => l.TokenId == tokenId).Select(l => l.Id).ToList())
        {
            Revoke(id);
        }
    }

    /// <summary>Revokes expired leases (called on each request).</summary>
    public void Tidy()
    {
        DateTimeOffset now = clock.GetUtcNow();
        foreach (string id in _leases.Values.Where(l => l.ExpireTime <= now).Select(l => l.Id).ToList())
        {
            Revoke(id);
        }
    }
}
