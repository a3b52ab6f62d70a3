// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using Vault.Kubernetes.Testing.Kubernetes;

namespace Vault.Kubernetes.Testing.Internal;

/// <summary>Registers the Kubernetes auth method and the built-in cluster token issuer.</summary>
internal sealed partial class VaultCore
{
    /// <summary>Gets the issuer that plays the cluster's API server (signs service-account tokens, answers token reviews).</summary>
    public ServiceAccountTokenIssuer ClusterIssuer { get; private set; } = null!;

    partial void RegisterKubernetesPlugin()
    {
        ClusterIssuer = new ServiceAccountTokenIssuer(Clock);
        RegisterAuthMethod("kubernetes", (core, mount) => new KubernetesAuthMount(core, mount, new KubernetesAuthBackend(core.Clock, core.ClusterIssuer)));
    }
}
