// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

namespace Vault.Kubernetes.Csi.Hosting;

/// <summary>The provider's own settings (command line); per-mount settings come from the SecretProviderClass.</summary>
internal sealed class CsiProviderOptions
{
    /// <summary>The socket the driver dials for provider <c>vault</c>.</summary>
    public const string DefaultSocketPath = "/var/run/secrets-store-csi-providers/vault.sock";

    /// <summary>Gets or sets the Unix socket path.</summary>
    public string SocketPath { get; set; } = DefaultSocketPath;

    /// <summary>Gets or sets the Vault address used when a class sets no <c>vaultAddress</c>.</summary>
    public string? VaultAddress { get; set; }

    /// <summary>Gets or sets the Kubernetes auth mount used when a class sets none.</summary>
    public string AuthMountPath { get; set; } = "kubernetes";

    /// <summary>Gets or sets the key of the object-version HMAC; <see langword="null"/> for a random key per process.</summary>
    public byte[]? VersionKey { get; set; }

    /// <summary>Gets or sets how long one Mount may wait for Vault before it fails.</summary>
    public TimeSpan MountTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
