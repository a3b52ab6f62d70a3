// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

namespace Vault.Kubernetes.Authentication;

/// <summary>Configures the Kubernetes auth method: the workload logs in with its projected service-account token.</summary>
public sealed class VaultKubernetesAuthOptions
{
    /// <summary>Gets or sets the Vault role bound to the workload's service account.</summary>
    /// <value>Default: <see langword="null"/>; required unless <see cref="VaultConnectionOptions.Token"/> is set.</value>
    public string? Role { get; set; }

    /// <summary>Gets or sets the mount path of the Kubernetes auth method, without <c>auth/</c>.</summary>
    /// <value>Default: <c>kubernetes</c>.</value>
    public string MountPath { get; set; } = KubernetesAuthMethod.DefaultMountPath;

    /// <summary>Gets or sets the path of the service-account token file, re-read on every login.</summary>
    /// <value>Default: <c>/var/run/secrets/kubernetes.io/serviceaccount/token</c>.</value>
    public string TokenPath { get; set; } = ProjectedServiceAccountTokenSource.DefaultPath;
}
