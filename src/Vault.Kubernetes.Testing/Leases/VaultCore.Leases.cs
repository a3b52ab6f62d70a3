// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using Vault.Kubernetes.Testing.Leases;

namespace Vault.Kubernetes.Testing.Internal;

/// <summary>Registers the sys/leases endpoints (and the legacy sys/renew, sys/revoke aliases).</summary>
internal sealed partial class VaultCore
{
    partial void RegisterLeasesPlugin() => LeaseEndpoints.Register(this);
}
