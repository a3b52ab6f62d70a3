// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;

namespace Vault.Kubernetes.Sync;

/// <summary>The default values of <see cref="SecretSyncEngineOptions"/>.</summary>
public static class SecretSyncDefaults
{
    /// <summary>The default number of secrets fetched at the same time: 64.</summary>
    /// <remarks>
    /// Chosen by measurement (benchmarks/results/cold-load.md, provider cold load with 20 ms per request): 100 secrets take 591 ms
    /// at 4, 192 ms at 16, 130 ms at 32 and 96 ms at 64 (the floor is three round trips, ~60 ms); 1,000 take 5.3 s, 1.4 s, 758 ms
    /// and 419 ms. 128 gains little more at 100 secrets and doubles the connections a pod opens to Vault at start.
    /// </remarks>
    public const int MaxConcurrency = 64;

    /// <summary>Gets the default first retry delay: 1 second.</summary>
    public static TimeSpan RetryMinimum { get; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets the default longest retry delay: 5 minutes.</summary>
    public static TimeSpan RetryMaximum { get; } = TimeSpan.FromMinutes(5);
}
