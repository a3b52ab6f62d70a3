// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using Vault.Kubernetes.Sync;

namespace Vault.Kubernetes.Scenarios.Scenarios;

/// <summary>A destination that only counts writes.</summary>
internal sealed class CountingSink : ISecretSink
{
    public int Writes;

    public ValueTask<bool> WriteAsync(SecretSpec spec, IReadOnlyDictionary<string, string> payload, string contentHash, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref Writes);
        return ValueTask.FromResult(true);
    }

    public ValueTask<bool> RemoveAsync(SecretSpec spec, CancellationToken cancellationToken = default) => ValueTask.FromResult(true);
}
