// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Vault.Kubernetes.Sync;

/// <summary>A destination the sync engine keeps secrets fresh in: configuration data, files, a Kubernetes Secret, a CSI mount response.</summary>
/// <remarks>
/// The engine calls <see cref="WriteAsync"/> only when a spec's content hash changed, and never concurrently for the same spec.
/// A sink must write all of a payload or none of it (temp file + rename, one API update, one dictionary swap).
/// </remarks>
public interface ISecretSink
{
    /// <summary>Stores the payload of one spec.</summary>
    /// <param name="spec">The spec the payload belongs to.</param>
    /// <param name="payload">The transformed secret; keys compare ordinally.</param>
    /// <param name="contentHash">The HMAC of the payload, safe to store outside (it reveals nothing of the content).</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns><see langword="true"/> if the destination changed; <see langword="false"/> if it already held this content.</returns>
    ValueTask<bool> WriteAsync(SecretSpec spec, IReadOnlyDictionary<string, string> payload, string contentHash, CancellationToken cancellationToken = default);

    /// <summary>Removes what the sink stores for a spec that was removed from the engine.</summary>
    /// <param name="spec">The removed spec.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns><see langword="true"/> if anything was removed.</returns>
    ValueTask<bool> RemoveAsync(SecretSpec spec, CancellationToken cancellationToken = default);
}
