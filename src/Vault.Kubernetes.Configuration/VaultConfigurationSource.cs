// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Vault.Kubernetes.Secrets;
using Vault.Kubernetes.Sync;

namespace Vault.Kubernetes.Configuration;

/// <summary>Describes Vault as a configuration source: the server, the pod's identity, the secrets, and the clock and logging to use.</summary>
public sealed class VaultConfigurationSource : IConfigurationSource
{
    /// <summary>Gets or sets the options: server, identity and secrets.</summary>
    public VaultKubernetesOptions Options { get; set; } = new();

    /// <summary>Gets or sets the configuration section the options came from, used to name keys in validation errors.</summary>
    /// <value>Default: <c>Vault</c>.</value>
    public string SectionName { get; set; } = VaultKubernetesDefaults.SectionName;

    /// <summary>Gets or sets the clock for lease and refresh timing.</summary>
    /// <value>Default: <see cref="TimeProvider.System"/>.</value>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Gets or sets the logger factory; the host's own factory is attached when it starts, if this is not set.</summary>
    /// <value>Default: <see langword="null"/>.</value>
    public ILoggerFactory? LoggerFactory { get; set; }

    internal Func<double>? Random { get; set; }

    internal Func<string, string?> EnvironmentVariables { get; set; } = Environment.GetEnvironmentVariable;

    /// <summary>Gets or sets the Vault operations to use instead of logging in; tests set it to run without a server.</summary>
    internal IVaultSecretSource? SecretSource { get; set; }

    /// <inheritdoc/>
    public IConfigurationProvider Build(IConfigurationBuilder builder) => new VaultConfigurationProvider(this);
}
