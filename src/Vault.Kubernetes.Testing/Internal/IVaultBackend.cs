// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Vault.Kubernetes.Testing.Internal;

/// <summary>A secrets engine or auth method mounted at a path; the plug-in point for new engines.</summary>
internal interface IVaultBackend
{
    /// <summary>Handles a request routed to this mount (<see cref="VaultRequest.RelativePath"/> is set). Runs under the core gate.</summary>
    ValueTask<VaultResponse> HandleAsync(VaultRequest request, CancellationToken cancellationToken);

    /// <summary>
    /// Existence check for writes: true maps a write to the "update" capability, false to "create".
    /// Backends without one are treated as "update" (as in Vault).
    /// </summary>
    bool Exists(VaultRequest request) => true;

    /// <summary>Gets relative paths served without a token (e.g. "login"); a trailing '*' is a prefix match.</summary>
    IReadOnlyCollection<string> UnauthenticatedPaths => [];
}
