// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using Vault.Kubernetes.Http;

namespace Vault.Kubernetes.Authentication;

/// <summary>What a <see cref="VaultSession"/> does when <see cref="SessionToken.RefreshAt"/> comes.</summary>
internal enum SessionRefresh
{
    /// <summary>Renew the token (renew-self).</summary>
    Renew,

    /// <summary>Replace the token with a new login: it is not renewable, renewal stopped extending it, or renewal failed.</summary>
    Login,
}

/// <summary>The token a <see cref="VaultSession"/> holds, with its lease and the next scheduled refresh. Immutable: changes swap the instance.</summary>
/// <param name="Token">The Vault token.</param>
/// <param name="IssuedTtl">The TTL the login granted, which a renewal that is not capped gives back.</param>
/// <param name="LeaseStart">When the current TTL started counting.</param>
/// <param name="Ttl">The remaining TTL at <paramref name="LeaseStart"/>; zero for tokens that never expire.</param>
/// <param name="Refresh">What to do at <paramref name="RefreshAt"/>.</param>
/// <param name="RefreshAt">When to refresh, or <see langword="null"/> for tokens that never expire.</param>
internal sealed record SessionToken(SecretString Token, TimeSpan IssuedTtl, DateTimeOffset LeaseStart, TimeSpan Ttl, SessionRefresh Refresh, DateTimeOffset? RefreshAt)
{
    /// <summary>Gets when the token expires, or <see cref="DateTimeOffset.MaxValue"/> when it never does.</summary>
    public DateTimeOffset ExpiresAt => Ttl > TimeSpan.Zero ? LeaseStart + Ttl : DateTimeOffset.MaxValue;

    public bool IsUsable(DateTimeOffset now) => now < ExpiresAt;
}
