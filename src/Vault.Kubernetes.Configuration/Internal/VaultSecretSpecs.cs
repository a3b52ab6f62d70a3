// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Globalization;
using Vault.Kubernetes.Sync;

namespace Vault.Kubernetes.Configuration.Internal;

/// <summary>Builds the sync engine's specs from the configured secrets.</summary>
internal static class VaultSecretSpecs
{
    public static SecretSpec Create(int index, VaultSecretOptions secret, string? keyPrefix)
    {
        // The index prefix keeps declaration order when payloads are merged (later secrets override earlier ones).
        string name = index.ToString("D4", CultureInfo.InvariantCulture) + "|" + secret.Path;
        return new SecretSpec(name, secret.Path!, secret.Kind)
        {
            Version = secret.Version,
            Body = secret.Body.Count > 0 ? secret.Body : null,
            UseWrite = secret.Body.Count > 0,
            RefreshInterval = secret.RefreshInterval,
            Transform = new ConfigurationSecretTransform(ConfigurationKeys.Combine(keyPrefix, secret.Section)),
        };
    }
}
