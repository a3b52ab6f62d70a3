// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using Vault.Kubernetes.Testing.Wrapping;

namespace Vault.Kubernetes.Testing.Internal;

/// <summary>Registers response wrapping (X-Vault-Wrap-TTL) and the sys/wrapping endpoints.</summary>
internal sealed partial class VaultCore
{
    partial void RegisterWrappingPlugin() => WrappingEndpoints.Register(this);
}
