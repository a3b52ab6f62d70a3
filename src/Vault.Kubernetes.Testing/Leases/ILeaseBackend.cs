// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

namespace Vault.Kubernetes.Testing.Leases;

/// <summary>The secrets engine behind a lease: supplies renewal terms and invalidates what the lease stood for.</summary>
internal interface ILeaseBackend
{
    /// <summary>Returns the current TTL settings for renewing <paramref name="lease"/>.</summary>
    /// <exception cref="VaultBackendException">The lease can no longer be renewed (for example its role was deleted).</exception>
    LeaseTerms GetRenewalTerms(Lease lease);

    /// <summary>Invalidates whatever <paramref name="lease"/> stood for; called once, on revocation or expiry.</summary>
    void OnLeaseRevoked(Lease lease);
}
