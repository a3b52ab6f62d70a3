// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;

namespace Vault.Kubernetes.Sync;

/// <summary>The default values of <see cref="SecretSyncEngineOptions"/>.</summary>
public static class SecretSyncDefaults
{
    /// <summary>The default number of specs fetched at the same time: 4.</summary>
    public const int MaxConcurrency = 4;

    /// <summary>The default share of a lease after which it is renewed: 2/3, as Vault's own clients do.</summary>
    public const double RenewFraction = 2.0 / 3.0;

    /// <summary>Gets the default refresh interval of non-leased secrets: 5 minutes, as Vault Agent's <c>static_secret_render_interval</c>.</summary>
    public static TimeSpan RefreshInterval { get; } = TimeSpan.FromMinutes(5);

    /// <summary>Gets the default first retry delay: 1 second.</summary>
    public static TimeSpan RetryMinimum { get; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets the default longest retry delay: 5 minutes.</summary>
    public static TimeSpan RetryMaximum { get; } = TimeSpan.FromMinutes(5);
}
