// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;

namespace Vault.Kubernetes.Authentication;

/// <summary>Configures a <see cref="VaultSessionCache"/>: how long unused sessions stay open and how each session behaves.</summary>
public sealed class VaultSessionCacheOptions
{
    /// <summary>Gets or sets how long a session nobody holds stays open before it is closed (and its token revoked when <see cref="VaultSessionOptions.RevokeOnDispose"/> is set).</summary>
    /// <value>Default: 5 minutes; <see cref="TimeSpan.Zero"/> closes a session as soon as its last holder lets go.</value>
    /// <remarks>The grace period keeps a pod that restarts a mount, or a resource edited in place, from logging in again.</remarks>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Gets or sets the options of every session the cache opens.</summary>
    /// <value>Default: <see cref="VaultSessionOptions"/> defaults (tokens are not revoked on close).</value>
    public VaultSessionOptions Session { get; set; } = new();

    /// <summary>Gets or sets a factory of the HTTP client for each connection; the cache disposes what it returns.</summary>
    /// <value>Default: <see langword="null"/>: a <see cref="Http.VaultClient"/> with its own <see cref="System.Net.Http.HttpClient"/>.</value>
    /// <remarks>Tests use it to turn off the client's own retries, hosts to add headers or a shared handler.</remarks>
    public Func<Http.VaultClientOptions, Http.VaultClient>? ClientFactory { get; set; }
}
