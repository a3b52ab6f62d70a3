// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

namespace Vault.Kubernetes.Testing.Internal;

/// <summary>The logical operation a Vault request maps to (Vault's http/logical.go verb mapping).</summary>
internal enum VaultOperation
{
    /// <summary>GET.</summary>
    Read,

    /// <summary>LIST, or GET with ?list=true.</summary>
    List,

    /// <summary>POST or PUT; create versus update is decided by the backend's existence check.</summary>
    Write,

    /// <summary>DELETE.</summary>
    Delete,

    /// <summary>PATCH with application/merge-patch+json.</summary>
    Patch,
}
