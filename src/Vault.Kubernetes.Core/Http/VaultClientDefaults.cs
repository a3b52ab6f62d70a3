// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;

namespace Vault.Kubernetes.Http;

/// <summary>The default values of <see cref="VaultClientOptions"/> and the environment variables it falls back to.</summary>
public static class VaultClientDefaults
{
    /// <summary>The address used when neither the options nor <c>VAULT_ADDR</c> give one.</summary>
    public const string Address = "https://127.0.0.1:8200";

    /// <summary>The default number of retries: 2.</summary>
    public const int MaxRetries = 2;

    /// <summary>The environment variable holding the Vault address.</summary>
    public const string AddressVariable = "VAULT_ADDR";

    /// <summary>The environment variable holding the Vault Enterprise namespace.</summary>
    public const string NamespaceVariable = "VAULT_NAMESPACE";

    /// <summary>The environment variable holding the CA bundle path.</summary>
    public const string CaCertificateVariable = "VAULT_CACERT";

    /// <summary>The environment variable that disables TLS verification when true.</summary>
    public const string SkipVerifyVariable = "VAULT_SKIP_VERIFY";

    /// <summary>Gets the default per-attempt timeout: 60 seconds.</summary>
    public static TimeSpan Timeout { get; } = TimeSpan.FromSeconds(60);

    /// <summary>Gets the default base retry delay: 500 milliseconds.</summary>
    public static TimeSpan RetryDelay { get; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Gets the default longest retry delay: 30 seconds.</summary>
    public static TimeSpan MaxRetryDelay { get; } = TimeSpan.FromSeconds(30);
}
