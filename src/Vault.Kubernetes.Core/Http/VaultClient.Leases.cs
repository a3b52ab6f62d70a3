// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace Vault.Kubernetes.Http;

/// <summary>Lease operations: <c>sys/leases/renew</c>, <c>lookup</c> and <c>revoke</c>.</summary>
public partial class VaultClient
{
    /// <summary>Renews a lease: <c>PUT sys/leases/renew {"lease_id":..,"increment":N}</c>.</summary>
    /// <param name="leaseId">The lease ID.</param>
    /// <param name="increment">The requested new TTL from now, or <see langword="null"/> for the engine default.</param>
    /// <param name="cancellationToken">The token to cancel the operation.</param>
    /// <returns>The response; <see cref="VaultResponse.LeaseDuration"/> is the new remaining TTL (capped at the max TTL, with a warning).</returns>
    /// <exception cref="ArgumentException"><paramref name="leaseId"/> is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="increment"/> is negative.</exception>
    /// <exception cref="VaultException">Vault refused the renewal (400 <c>lease not found</c>, <c>lease is not renewable</c>, ...).</exception>
    public virtual Task<VaultResponse> RenewLeaseAsync(string leaseId, TimeSpan? increment = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(leaseId);
        if (increment is { } value)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, TimeSpan.Zero, nameof(increment));
        }

        byte[] body = Serialize(new LeaseRequest { LeaseId = leaseId, Increment = ToSeconds(increment) }, VaultJsonContext.Default.LeaseRequest);
        return SendRequiredAsync(new VaultRequest("RenewLease", HttpMethod.Put, "sys/leases/renew", Body: body), cancellationToken).AsTask();
    }

    /// <summary>Looks up a lease: <c>PUT sys/leases/lookup {"lease_id":..}</c>.</summary>
    /// <param name="leaseId">The lease ID.</param>
    /// <param name="cancellationToken">The token to cancel the operation.</param>
    /// <returns>The response; <see cref="VaultResponse.Data"/> holds <c>id</c>, <c>issue_time</c>, <c>expire_time</c>, <c>renewable</c> and <c>ttl</c>.</returns>
    /// <exception cref="ArgumentException"><paramref name="leaseId"/> is empty.</exception>
    /// <exception cref="VaultException">Vault refused the request (400 <c>invalid lease</c>).</exception>
    public virtual Task<VaultResponse> LookupLeaseAsync(string leaseId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(leaseId);
        byte[] body = Serialize(new LeaseRequest { LeaseId = leaseId }, VaultJsonContext.Default.LeaseRequest);
        return SendRequiredAsync(new VaultRequest("LookupLease", HttpMethod.Put, "sys/leases/lookup", Body: body), cancellationToken).AsTask();
    }

    /// <summary>Revokes a lease: <c>PUT sys/leases/revoke {"lease_id":..,"sync":..}</c> (needs a policy granting <c>sys/leases/revoke</c>).</summary>
    /// <param name="leaseId">The lease ID.</param>
    /// <param name="sync"><see langword="true"/> to wait for the revocation (204); <see langword="false"/> to queue it (202).</param>
    /// <param name="cancellationToken">The token to cancel the operation.</param>
    /// <returns>A task that completes when Vault accepted the revocation.</returns>
    /// <exception cref="ArgumentException"><paramref name="leaseId"/> is empty.</exception>
    /// <exception cref="VaultException">Vault refused the request.</exception>
    public virtual Task RevokeLeaseAsync(string leaseId, bool sync = true, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(leaseId);
        byte[] body = Serialize(new LeaseRequest { LeaseId = leaseId, Sync = sync }, VaultJsonContext.Default.LeaseRequest);
        return SendRequiredAsync(new VaultRequest("RevokeLease", HttpMethod.Put, "sys/leases/revoke", Body: body), cancellationToken).AsTask();
    }
}
