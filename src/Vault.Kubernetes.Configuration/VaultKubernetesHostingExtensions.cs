// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Linq;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Vault.Kubernetes.Configuration;
using Vault.Kubernetes.Configuration.Internal;

namespace Microsoft.Extensions.Hosting;

/// <summary>Adds Vault-backed configuration to a host, with its health check, options validation and orderly shutdown: <c>builder.AddVaultKubernetes()</c>.</summary>
public static class VaultKubernetesHostingExtensions
{
    /// <summary>Adds the Vault secrets described by the <c>Vault</c> section, and registers the health check (<c>vault</c>), options validation at start and shutdown handling.</summary>
    /// <param name="builder">The host builder.</param>
    /// <returns>The same builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    public static IHostApplicationBuilder AddVaultKubernetes(this IHostApplicationBuilder builder) =>
        builder.AddVaultKubernetes(VaultKubernetesDefaults.SectionName);

    /// <summary>Adds the Vault secrets described by the named section, and registers the health check, options validation at start and shutdown handling.</summary>
    /// <param name="builder">The host builder.</param>
    /// <param name="sectionName">The section holding the options.</param>
    /// <returns>The same builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="sectionName"/> is empty.</exception>
    public static IHostApplicationBuilder AddVaultKubernetes(this IHostApplicationBuilder builder, string sectionName) =>
        builder.AddVaultKubernetes(sectionName, _ => { });

    /// <summary>Adds Vault-backed configuration set up by <paramref name="configureSource"/> after binding the named section.</summary>
    /// <param name="builder">The host builder.</param>
    /// <param name="sectionName">The section holding the options.</param>
    /// <param name="configureSource">Adjusts the source after binding (clock, options set in code).</param>
    /// <returns>The same builder.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="sectionName"/> is empty.</exception>
    public static IHostApplicationBuilder AddVaultKubernetes(this IHostApplicationBuilder builder, string sectionName, Action<VaultConfigurationSource> configureSource)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(sectionName);
        ArgumentNullException.ThrowIfNull(configureSource);

        var loggerFactory = new DeferredLoggerFactory();
        IConfigurationSection section = builder.Configuration.GetSection(sectionName);
        VaultConfigurationSource? added = null;
        builder.Configuration.AddVaultKubernetes(source =>
        {
            source.SectionName = sectionName;
            section.Bind(source.Options);
            source.LoggerFactory = loggerFactory;
            configureSource(source);
            added = source;
        });

        VaultConfigurationProvider provider = ((IConfigurationRoot)builder.Configuration).Providers
            .OfType<VaultConfigurationProvider>()
            .Last();

        IServiceCollection services = builder.Services;
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(provider);
        services.AddSingleton(loggerFactory);
        services.AddHostedService<VaultConfigurationLifetime>();
        services.AddSingleton<IValidateOptions<VaultKubernetesOptions>>(new VaultKubernetesOptionsValidator(sectionName, added!.EnvironmentVariables));
        services.AddOptions<VaultKubernetesOptions>().BindConfiguration(sectionName).ValidateOnStart();
        services.AddHealthChecks().AddCheck<VaultKubernetesHealthCheck>("vault", tags: ["vault"]);
        return builder;
    }
}
