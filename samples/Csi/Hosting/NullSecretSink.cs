// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using Vault.Kubernetes.Sync;

namespace Vault.Kubernetes.Csi.Hosting;

/// <summary>The sink of a pull-style host: the driver writes the files, so the engine only keeps the content for the next Mount.</summary>
internal sealed class NullSecretSink : ISecretSink
{
    /// <inheritdoc/>
    public ValueTask WriteAsync(SecretTargetContent content, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

    /// <inheritdoc/>
    public ValueTask RemoveAsync(SecretSyncTarget target, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;
}
