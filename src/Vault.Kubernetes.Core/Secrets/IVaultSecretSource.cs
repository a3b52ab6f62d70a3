// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Vault.Kubernetes.Leases;

namespace Vault.Kubernetes.Secrets;

/// <summary>The Vault operations the sync engine needs: read a spec, check a KV version cheaply, renew and revoke leases.</summary>
/// <remarks><see cref="VaultSecretSource"/> implements it over a <c>VaultClient</c>; tests and hosts may supply their own.</remarks>
public interface IVaultSecretSource
{
    /// <summary>Reads the secret a spec names.</summary>
    /// <param name="spec">The spec to read.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The secret as read now.</returns>
    Task<SecretSnapshot> ReadAsync(SecretSpec spec, CancellationToken cancellationToken = default);

    /// <summary>Returns the current KV version 2 version of a spec's secret without reading its data, when that is possible.</summary>
    /// <param name="spec">The spec to check.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The current version, or <see langword="null"/> when it cannot be told cheaply (the engine then reads the secret).</returns>
    Task<int?> GetCurrentVersionAsync(SecretSpec spec, CancellationToken cancellationToken = default);

    /// <summary>Lists the keys directly under a KV folder; sub-folders end with <c>/</c>.</summary>
    /// <param name="path">The folder, for example <c>secret/apps</c>.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The keys, empty when the folder has none.</returns>
    Task<IReadOnlyList<string>> ListAsync(string path, CancellationToken cancellationToken = default);

    /// <summary>Renews a lease.</summary>
    /// <param name="leaseId">The lease to renew.</param>
    /// <param name="increment">The requested new lease duration, measured from now.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>What Vault granted.</returns>
    Task<LeaseGrant> RenewLeaseAsync(string leaseId, TimeSpan increment, CancellationToken cancellationToken = default);

    /// <summary>Revokes a lease.</summary>
    /// <param name="leaseId">The lease to revoke.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>A task that completes when Vault accepted the revocation.</returns>
    Task RevokeLeaseAsync(string leaseId, CancellationToken cancellationToken = default);
}
