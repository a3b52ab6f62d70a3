// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;

namespace Vault.Kubernetes.Testing.Internal;

/// <summary>Service tokens: creation, lookup (expired tokens vanish), renewal with Vault's TTL arithmetic, revocation trees.</summary>
/// <remarks>Not thread-safe by itself: callers hold <see cref="VaultCore"/>'s gate.</remarks>
internal sealed class TokenStore(TimeProvider clock, TimeSpan defaultTtl, TimeSpan maxTtl)
{
    private readonly Dictionary<string, TokenEntry> _byId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _idByAccessor = new(StringComparer.Ordinal);

    /// <summary>Raised after a token is revoked (explicitly, by expiry, by parent revocation or by exhausting its uses).
    /// The lease registry subscribes to revoke the token's leases.</summary>
    public event Action<TokenEntry>? Revoked;

    /// <summary>Gets the system default token TTL (768h unless configured).</summary>
    public TimeSpan DefaultTtl { get; } = defaultTtl;

    /// <summary>Gets the system max token TTL (768h unless configured).</summary>
    public TimeSpan SystemMaxTtl { get; } = maxTtl;

    /// <summary>Gets the live tokens (expired ones are removed by <see cref="Tidy"/>).</summary>
    public IEnumerable<TokenEntry> All => _byId.Values;

    /// <summary>Creates the root token (policies ["root"], ttl 0, never expires, not renewable).</summary>
    public TokenEntry CreateRoot(string? id)
    {
        var entry = new TokenEntry
        {
            Id = id ?? Ids.ServiceToken(),
            Accessor = Ids.Base62(24),
            Policies = [PolicyStore.Root],
            Path = "auth/token/root",
            DisplayName = "root",
            CreationTime = clock.GetUtcNow(),
            Renewable = false,
            Orphan = true,
        };
        Add(entry);
        return entry;
    }

    /// <summary>Creates a service token.</summary>
    public TokenEntry Create(TokenCreateRequest request)
    {
        DateTimeOffset now = clock.GetUtcNow();
        TimeSpan explicitMax = request.ExplicitMaxTtl ?? TimeSpan.Zero;
        TimeSpan effectiveMax = explicitMax > TimeSpan.Zero && explicitMax < SystemMaxTtl ? explicitMax : SystemMaxTtl;
        TimeSpan period = request.Period ?? TimeSpan.Zero;
        TimeSpan ttl = period > TimeSpan.Zero ? period : request.Ttl is { } t && t > TimeSpan.Zero ? t : DefaultTtl;
        if (ttl > effectiveMax)
        {
            ttl = effectiveMax;
        }

        var policies = new SortedSet<string>(request.Policies.Where(p => !string.IsNullOrWhiteSpace(p)), StringComparer.Ordinal);
        if (!request.NoDefaultPolicy && !policies.Contains(PolicyStore.Root))
        {
            policies.Add(PolicyStore.Default);
        }

        var entry = new TokenEntry
        {
            Id = request.Id ?? Ids.ServiceToken(),
            Accessor = Ids.Base62(24),
            Policies = [.. policies],
            Path = request.Path,
            DisplayName = request.DisplayName,
            Meta = request.Meta,
            CreationTime = now,
            CreationTtl = ttl,
            Ttl = ttl,
            MaxTtl = effectiveMax,
            ExplicitMaxTtl = explicitMax,
            Period = period,
            ExpireTime = now + ttl,
            Renewable = request.Renewable,
            NumUses = request.NumUses,
            Orphan = request.ParentId is null,
            ParentId = request.ParentId,
            Role = request.Role,
            EntityId = request.EntityId,
        };
        Add(entry);
        return entry;
    }

    /// <summary>Finds a live token by id; an expired token is revoked and reported as missing.</summary>
    public TokenEntry? Lookup(string? id)
    {
        if (string.IsNullOrEmpty(id) || !_byId.TryGetValue(id, out TokenEntry? entry))
        {
            return null;
        }

        if (entry.IsExpired(clock.GetUtcNow()))
        {
            Revoke(entry);
            return null;
        }

        return entry;
    }

    /// <summary>Finds a live token by accessor.</summary>
    public TokenEntry? LookupByAccessor(string? accessor) =>
        accessor is not null && _idByAccessor.TryGetValue(accessor, out string? id) ? Lookup(id) : null;

    /// <summary>Counts one use of a limited-use token; after the last permitted use the token is revoked (see <see cref="RevokeIfUsedUp"/>).</summary>
    public static void Use(TokenEntry entry)
    {
        if (entry.NumUses <= 0)
        {
            return;
        }

        // -1 marks "used up": the request still completes, then the token is revoked, as Vault does.
        entry.NumUses = entry.NumUses == 1 ? -1 : entry.NumUses - 1;
    }

    /// <summary>Revokes tokens whose last use was spent (called after the request completes).</summary>
    public void RevokeIfUsedUp(TokenEntry entry)
    {
        if (entry.NumUses < 0)
        {
            Revoke(entry);
        }
    }

    /// <summary>Renews a token: the increment is the requested new TTL from now, capped at creation + max TTL.</summary>
    public TtlResult Renew(TokenEntry entry, TimeSpan increment)
    {
        if (!entry.Renewable || entry.ExpireTime is null)
        {
            return new TtlResult(TimeSpan.Zero, null, VaultErrors.LeaseNotRenewable);
        }

        if (entry.RenewCheck?.Invoke(entry) is { } refusal)
        {
            return new TtlResult(TimeSpan.Zero, null, refusal);
        }

        DateTimeOffset now = clock.GetUtcNow();
        TtlResult result = entry.Period > TimeSpan.Zero
            ? TtlCalculator.Calculate(now, entry.CreationTime, entry.Period, entry.Period, entry.Period,
                entry.ExplicitMaxTtl > TimeSpan.Zero ? entry.ExplicitMaxTtl : TimeSpan.MaxValue / 4)
            : TtlCalculator.Calculate(now, entry.CreationTime, increment, entry.Ttl, DefaultTtl, entry.MaxTtl);
        if (result.Error is null)
        {
            entry.Ttl = result.Ttl;
            entry.ExpireTime = now + result.Ttl;
            entry.LastRenewal = now;
        }

        return result;
    }

    /// <summary>Revokes a token, its children (recursively) and, through <see cref="Revoked"/>, its leases.</summary>
    public void Revoke(TokenEntry entry)
    {
        if (!_byId.Remove(entry.Id))
        {
            return;
        }

        _idByAccessor.Remove(entry.Accessor);
        foreach (TokenEntry child in _byId.Values.Where(t => t.ParentId == entry.Id).ToList())
        {
            Revoke(child);
        }

        Revoked?.Invoke(entry);
    }

    /// <summary>Revokes every expired token (called on each request so expiry is visible as soon as time moves).</summary>
    public void Tidy()
    {
        DateTimeOffset now = clock.GetUtcNow();
        foreach (TokenEntry expired in _byId.Values.Where(t => t.IsExpired(now)).ToList())
        {
            Revoke(expired);
        }
    }

    private void Add(TokenEntry entry)
    {
        _byId[entry.Id] = entry;
        _idByAccessor[entry.Accessor] = entry.Id;
    }
}
