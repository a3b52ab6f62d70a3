// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

namespace Vault.Kubernetes.Testing.Internal;

/// <summary>What an injected fault does to a request.</summary>
internal enum FaultKind
{
    /// <summary>Nothing.</summary>
    None,

    /// <summary>Answer with a status and an errors body.</summary>
    Status,

    /// <summary>Abort the connection.</summary>
    Drop,
}
