// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

namespace Vault.Kubernetes.Secrets;

/// <summary>What a KV read found at a path.</summary>
public enum KvSecretStatus
{
    /// <summary>The secret exists and <see cref="KvSecret.Data"/> holds its values.</summary>
    Found,

    /// <summary>Nothing is stored at the path, or the requested version never existed (Vault answered 404 <c>{"errors":[]}</c>).</summary>
    NotFound,

    /// <summary>KV v2 only: the version was soft-deleted; its metadata is known and it can be undeleted.</summary>
    Deleted,

    /// <summary>KV v2 only: the version was destroyed permanently; only its metadata remains.</summary>
    Destroyed,
}
