// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using Vault.Kubernetes.Sync;

namespace Vault.Kubernetes.Scenarios.Scenarios;

/// <summary>A destination that only counts writes.</summary>
internal sealed class CountingSink : ISecretSink
{
    public int Writes;

    public ValueTask WriteAsync(SecretTargetContent content, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref Writes);
        return ValueTask.CompletedTask;
    }

    public ValueTask RemoveAsync(SecretSyncTarget target, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;
}
