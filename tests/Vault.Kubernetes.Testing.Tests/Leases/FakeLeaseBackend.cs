// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using Vault.Kubernetes.Testing.Leases;

namespace Vault.Kubernetes.Testing.Tests.Leases;

internal sealed class FakeLeaseBackend : ILeaseBackend
{
    public LeaseTerms Terms { get; set; }

    public List<string> Revoked { get; } = [];

    public LeaseTerms GetRenewalTerms(Lease lease) => Terms;

    public void OnLeaseRevoked(Lease lease) => Revoked.Add(lease.Id);
}
