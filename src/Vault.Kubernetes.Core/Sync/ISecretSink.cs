// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Threading;
using System.Threading.Tasks;

namespace Vault.Kubernetes.Sync;

/// <summary>A destination the sync engine keeps targets fresh in: configuration data, files, a Kubernetes Secret, a CSI mount response.</summary>
/// <remarks>
/// The engine calls <see cref="WriteAsync"/> only when every spec of a target has a value and the target's combined content hash changed,
/// never concurrently for the same target. A sink must store all of a content or none of it (temp files + rename, one API update,
/// one dictionary swap); throwing leaves the destination as it was, and the engine retries with backoff.
/// </remarks>
public interface ISecretSink
{
    /// <summary>Stores the content of one target.</summary>
    /// <param name="content">Every spec's snapshot and payload, in merge order, with the combined content hash.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>A task that completes when the destination holds the content.</returns>
    ValueTask WriteAsync(SecretTargetContent content, CancellationToken cancellationToken = default);

    /// <summary>Removes what the sink stores for a target that was removed from the engine.</summary>
    /// <param name="target">The removed target.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>A task that completes when the content is gone.</returns>
    ValueTask RemoveAsync(SecretSyncTarget target, CancellationToken cancellationToken = default);
}
