// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Threading;
using Vault.Kubernetes.Testing.Kubernetes;

namespace Vault.Kubernetes.Testing.Internal;

/// <summary>Registers the Kubernetes auth method and the built-in cluster token issuer.</summary>
internal sealed partial class VaultCore
{
    // Created on first use: RSA key generation would otherwise slow down every server start.
    private Lazy<ServiceAccountTokenIssuer>? _clusterIssuer;

    /// <summary>Gets the issuer that plays the cluster's API server (signs service-account tokens, answers token reviews).</summary>
    public ServiceAccountTokenIssuer ClusterIssuer => _clusterIssuer!.Value;

    partial void RegisterKubernetesPlugin()
    {
        _clusterIssuer = new Lazy<ServiceAccountTokenIssuer>(() => new ServiceAccountTokenIssuer(Clock), LazyThreadSafetyMode.ExecutionAndPublication);
        RegisterAuthMethod("kubernetes", (core, mount) => new KubernetesAuthMount(core, mount, new KubernetesAuthBackend(core.Clock, core._clusterIssuer!)));
    }
}
