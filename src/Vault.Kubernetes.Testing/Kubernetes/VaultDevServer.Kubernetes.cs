// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using Vault.Kubernetes.Testing.Kubernetes;

namespace Vault.Kubernetes.Testing;

/// <summary>In-process handle to the Kubernetes side of the dev server.</summary>
public sealed partial class VaultDevServer
{
    private VaultDevServerKubernetes? _kubernetes;

    /// <summary>Gets the Kubernetes handle: the cluster's token issuer, token volumes and auth-method setup.</summary>
    public VaultDevServerKubernetes Kubernetes => _kubernetes ??= new VaultDevServerKubernetes(Core);
}
