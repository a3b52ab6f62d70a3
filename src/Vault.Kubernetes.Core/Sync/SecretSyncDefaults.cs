// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;

namespace Vault.Kubernetes.Sync;

/// <summary>The default values of <see cref="SecretSyncEngineOptions"/>.</summary>
public static class SecretSyncDefaults
{
    /// <summary>The default number of specs fetched at the same time: 4.</summary>
    public const int MaxConcurrency = 4;

    /// <summary>Gets the default first retry delay: 1 second.</summary>
    public static TimeSpan RetryMinimum { get; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets the default longest retry delay: 5 minutes.</summary>
    public static TimeSpan RetryMaximum { get; } = TimeSpan.FromMinutes(5);
}
