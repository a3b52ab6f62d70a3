// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using Vault.Kubernetes.Sync;

namespace Vault.Kubernetes.Operator.Controller;

/// <summary>The engine's sink: hands each changed target content to the controller, which writes the destination Secret.</summary>
internal sealed class DestinationSink : ISecretSink
{
    private readonly SecretController _controller;

    public DestinationSink(SecretController controller)
    {
        _controller = controller;
    }

    public ValueTask WriteAsync(SecretTargetContent content, CancellationToken cancellationToken = default) =>
        new(_controller.WriteDestinationAsync(content, cancellationToken));

    // The Secret is left in place: owned Secrets go with their resource through the ownerReference, others belong to the user.
    public ValueTask RemoveAsync(SecretSyncTarget target, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;
}
