// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

namespace Vault.Kubernetes.Leases;

/// <summary>The next thing to do to keep a secret fresh, as decided by <see cref="LeasePlan"/>.</summary>
internal enum LeaseAction
{
    /// <summary>Renew the lease (<c>sys/leases/renew</c>); the held value stays the same.</summary>
    Renew,

    /// <summary>Request a new secret while the held one is still valid, then hand the new value to consumers.</summary>
    Reissue,

    /// <summary>Read the static role credentials again, because Vault has just rotated them.</summary>
    Reread,

    /// <summary>Re-check a non-leased secret (cheaply, the KV v2 version first) and update consumers only if it changed.</summary>
    Refresh,
}
