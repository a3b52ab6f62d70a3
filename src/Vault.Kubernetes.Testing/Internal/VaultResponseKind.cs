// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

namespace Vault.Kubernetes.Testing.Internal;

/// <summary>The body shape of a <see cref="VaultResponse"/>.</summary>
internal enum VaultResponseKind
{
    /// <summary>The full logical envelope (every key present).</summary>
    Envelope,

    /// <summary>No body (204, or a fault status without body).</summary>
    Empty,

    /// <summary>{"errors":[...]}.</summary>
    Errors,

    /// <summary>A raw JSON document (sys/health, sys/seal-status).</summary>
    Raw,
}
