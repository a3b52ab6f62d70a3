// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using Vault.Kubernetes.Configuration;

namespace Microsoft.Extensions.Configuration;

/// <summary>Adds Vault secrets to configuration: <c>builder.Configuration.AddVaultKubernetes()</c>.</summary>
public static class VaultConfigurationExtensions
{
    /// <summary>Adds the Vault secrets described by the <c>Vault</c> section of the configuration built so far.</summary>
    /// <param name="builder">The configuration builder.</param>
    /// <returns>The same builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    public static IConfigurationBuilder AddVaultKubernetes(this IConfigurationBuilder builder) =>
        builder.AddVaultKubernetes(VaultKubernetesDefaults.SectionName);

    /// <summary>Adds the Vault secrets described by the named section of the configuration built so far.</summary>
    /// <param name="builder">The configuration builder.</param>
    /// <param name="sectionName">The section holding the options, for example <c>Vault</c>.</param>
    /// <returns>The same builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="sectionName"/> is empty.</exception>
    public static IConfigurationBuilder AddVaultKubernetes(this IConfigurationBuilder builder, string sectionName)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(sectionName);

        // A ConfigurationManager (WebApplication/HostApplicationBuilder) already is the configuration; a plain builder is built once to read it.
        IConfiguration configuration = builder as IConfiguration ?? builder.Build();
        IConfigurationSection section = configuration.GetSection(sectionName);
        return builder.AddVaultKubernetes(source =>
        {
            source.SectionName = sectionName;
            section.Bind(source.Options);
        });
    }

    /// <summary>Adds the Vault secrets described by options set in code.</summary>
    /// <param name="builder">The configuration builder.</param>
    /// <param name="configureOptions">Sets the options.</param>
    /// <returns>The same builder.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static IConfigurationBuilder AddVaultKubernetes(this IConfigurationBuilder builder, Action<VaultKubernetesOptions> configureOptions)
    {
        ArgumentNullException.ThrowIfNull(configureOptions);
        return builder.AddVaultKubernetes(source => configureOptions(source.Options));
    }

    /// <summary>Adds a Vault configuration source set up by <paramref name="configureSource"/>.</summary>
    /// <param name="builder">The configuration builder.</param>
    /// <param name="configureSource">Sets up the source: options, clock, logging.</param>
    /// <returns>The same builder.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static IConfigurationBuilder AddVaultKubernetes(this IConfigurationBuilder builder, Action<VaultConfigurationSource> configureSource)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configureSource);
        return builder.Add(configureSource);
    }
}
