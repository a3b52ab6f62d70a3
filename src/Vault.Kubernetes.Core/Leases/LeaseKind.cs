// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

namespace Vault.Kubernetes.Leases;

/// <summary>Identifies how the lifetime of a secret read from Vault is governed, which decides how it is kept fresh.</summary>
internal enum LeaseKind
{
    /// <summary>A dynamic secret with a Vault lease (database, AWS, PKI with <c>generate_lease</c>): renewed while it can be, then re-issued.</summary>
    Leased,

    /// <summary>A secret without a lease (KV v1 or v2): re-checked on a refresh interval.</summary>
    NonLeased,

    /// <summary>Static role credentials (<c>static-creds</c>): re-read just after Vault rotates them.</summary>
    StaticRole,

    /// <summary>A certificate issued without a lease (PKI default): re-issued before its <c>expiration</c>.</summary>
    Certificate,
}
