// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

namespace Vault.Kubernetes.Csi.Mounting;

/// <summary>A parsed Mount request: the SecretProviderClass parameters and the pod identity the driver added.</summary>
internal sealed record MountParameters
{
    /// <summary>Gets the Vault role to log in as (<c>roleName</c>).</summary>
    public required string RoleName { get; init; }

    /// <summary>Gets the Vault address (<c>vaultAddress</c>), or <see langword="null"/> for the provider's default.</summary>
    public string? VaultAddress { get; init; }

    /// <summary>Gets the Kubernetes auth mount (<c>vaultKubernetesMountPath</c>).</summary>
    public required string AuthMountPath { get; init; }

    /// <summary>Gets the Vault Enterprise namespace (<c>vaultNamespace</c>).</summary>
    public string? VaultNamespace { get; init; }

    /// <summary>Gets the CA bundle file (<c>vaultCACertPath</c>) or directory (<c>vaultCADirectory</c>).</summary>
    public string? CaCertificate { get; init; }

    /// <summary>Gets the TLS server name (<c>vaultTLSServerName</c>).</summary>
    public string? TlsServerName { get; init; }

    /// <summary>Gets a value indicating whether TLS verification is skipped (<c>vaultSkipTLSVerify</c>).</summary>
    public bool SkipTlsVerify { get; init; }

    /// <summary>Gets the token audience (<c>audience</c>), or <see langword="null"/>.</summary>
    public string? Audience { get; init; }

    /// <summary>Gets the objects, in the class's order.</summary>
    public required IReadOnlyList<CsiObject> Objects { get; init; }

    /// <summary>Gets the pod's namespace.</summary>
    public required string PodNamespace { get; init; }

    /// <summary>Gets the pod's name, or an empty string.</summary>
    public required string PodName { get; init; }

    /// <summary>Gets the pod's UID, or an empty string.</summary>
    public required string PodUid { get; init; }

    /// <summary>Gets the pod's service account.</summary>
    public required string ServiceAccountName { get; init; }

    /// <summary>Gets the pod token the driver sent for <see cref="Audience"/> (or <c>vault</c>), or <see langword="null"/> to request one.</summary>
    public string? PodToken { get; init; }

    /// <summary>Gets the SecretProviderClass name (<c>secretProviderClass</c>), or an empty string.</summary>
    public required string SecretProviderClass { get; init; }

    /// <summary>Gets the default file mode (from <c>permission</c>).</summary>
    public required int DefaultMode { get; init; }

    /// <summary>Gets the volume's target path, or an empty string.</summary>
    public required string TargetPath { get; init; }
}
