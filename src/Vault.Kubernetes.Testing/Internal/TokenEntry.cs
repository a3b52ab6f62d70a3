// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;

namespace Vault.Kubernetes.Testing.Internal;

/// <summary>A token as the token store keeps it (fields mirror auth/token/lookup output).</summary>
internal sealed class TokenEntry
{
    /// <summary>Gets the token id (the secret a client sends).</summary>
    public required string Id { get; init; }

    /// <summary>Gets the accessor.</summary>
    public required string Accessor { get; init; }

    /// <summary>Gets the sorted policy names (includes "default" unless no_default_policy; ["root"] for root tokens).</summary>
    public required IReadOnlyList<string> Policies { get; init; }

    /// <summary>Gets the path that created the token ("auth/token/root", "auth/token/create", "auth/kubernetes/login").</summary>
    public required string Path { get; init; }

    /// <summary>Gets the display name.</summary>
    public required string DisplayName { get; init; }

    /// <summary>Gets the metadata (auth.metadata / lookup meta), or null.</summary>
    public IReadOnlyDictionary<string, string>? Meta { get; init; }

    /// <summary>Gets the creation (issue) time; max TTLs count from here.</summary>
    public required DateTimeOffset CreationTime { get; init; }

    /// <summary>Gets the TTL granted at creation (creation_ttl); zero for non-expiring tokens.</summary>
    public TimeSpan CreationTtl { get; init; }

    /// <summary>Gets or sets the TTL last granted (creation or last renewal).</summary>
    public TimeSpan Ttl { get; set; }

    /// <summary>Gets or sets the effective max TTL from <see cref="CreationTime"/> (min of explicit and system max); zero when non-expiring.</summary>
    public TimeSpan MaxTtl { get; set; }

    /// <summary>Gets the explicit max TTL requested at creation (zero if none).</summary>
    public TimeSpan ExplicitMaxTtl { get; init; }

    /// <summary>Gets or sets the period for periodic tokens (zero if none).</summary>
    public TimeSpan Period { get; set; }

    /// <summary>Gets or sets the expiry time, or null for tokens that never expire (root).</summary>
    public DateTimeOffset? ExpireTime { get; set; }

    /// <summary>Gets or sets a value indicating whether the token can be renewed.</summary>
    public bool Renewable { get; set; }

    /// <summary>Gets or sets the remaining uses (0 = unlimited).</summary>
    public int NumUses { get; set; }

    /// <summary>Gets a value indicating whether the token has no parent.</summary>
    public bool Orphan { get; init; }

    /// <summary>Gets the parent token id, if any.</summary>
    public string? ParentId { get; init; }

    /// <summary>Gets the token type ("service").</summary>
    public string Type { get; init; } = "service";

    /// <summary>Gets the entity id ("" when none).</summary>
    public string EntityId { get; init; } = string.Empty;

    /// <summary>Gets or sets the last renewal time, if renewed.</summary>
    public DateTimeOffset? LastRenewal { get; set; }

    /// <summary>Gets the auth role that issued the token (k8s login), if any.</summary>
    public string? Role { get; init; }

    /// <summary>
    /// Gets or sets a hook run before each renewal (auth methods re-check their role and may update
    /// <see cref="Ttl"/>, <see cref="MaxTtl"/>, <see cref="Period"/>). Returns an error text to refuse the renewal.
    /// </summary>
    public Func<TokenEntry, string?>? RenewCheck { get; set; }

    /// <summary>Gets a value indicating whether this is a root token.</summary>
    public bool IsRoot => System.Linq.Enumerable.Contains(Policies, PolicyStore.Root);

    /// <summary>Remaining TTL at <paramref name="now"/> (zero for non-expiring tokens).</summary>
    public TimeSpan Remaining(DateTimeOffset now) =>
        ExpireTime is { } expire && expire > now ? TimeSpan.FromSeconds(Durations.Seconds(expire - now)) : TimeSpan.Zero;

    /// <summary>Whether the token has expired at <paramref name="now"/>.</summary>
    public bool IsExpired(DateTimeOffset now) => ExpireTime is { } expire && expire <= now;
}
