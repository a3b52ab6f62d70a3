// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;

namespace Vault.Kubernetes.Configuration.Internal;

/// <summary>Creates the provider's Vault connection from its options: client, auth method, session and secret source.</summary>
internal static class VaultConnectionFactory
{
    public static VaultConnection Create(VaultConfigurationSource source) =>
        throw new NotSupportedException("pending: wired to VaultClient and VaultSession once those land");
}
