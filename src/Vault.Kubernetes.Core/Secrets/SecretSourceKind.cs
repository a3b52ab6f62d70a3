// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

namespace Vault.Kubernetes.Secrets;

/// <summary>Names the kind of Vault secret a <see cref="SecretSpec"/> keeps fresh, which decides how it is read and when it is refreshed.</summary>
public enum SecretSourceKind
{
    /// <summary>A KV secret whose engine version is detected once through <c>sys/internal/ui/mounts</c>.</summary>
    Kv = 0,

    /// <summary>A KV version 1 secret: re-read on the refresh interval.</summary>
    KvV1 = 1,

    /// <summary>A KV version 2 secret: its current version is checked on the refresh interval and the data re-read only when it changed.</summary>
    KvV2 = 2,

    /// <summary>A dynamic secret with a lease (for example <c>database/creds/app</c>): renewed, then re-issued before its lease expires.</summary>
    Dynamic = 3,

    /// <summary>Static credentials (for example <c>database/static-creds/app</c>): re-read just after each rotation.</summary>
    StaticCredentials = 4,
}
