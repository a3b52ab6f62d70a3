// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Globalization;
using System.Linq;
using Microsoft.Extensions.Options;
using Vault.Kubernetes.Secrets;
using Vault.Kubernetes.Sync;

namespace Vault.Kubernetes.Configuration;

/// <summary>Checks the rules of <see cref="VaultKubernetesOptions"/> that span fields, naming each failing key as it appears in configuration.</summary>
internal sealed class VaultKubernetesOptionsValidator : IValidateOptions<VaultKubernetesOptions>
{
    private readonly Func<string, string?> _environment;
    private readonly string _section;

    public VaultKubernetesOptionsValidator(string section = VaultKubernetesDefaults.SectionName, Func<string, string?>? environment = null)
    {
        _section = section;
        _environment = environment ?? Environment.GetEnvironmentVariable;
    }

    public ValidateOptionsResult Validate(string? name, VaultKubernetesOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = new ValidateOptionsResultBuilder();
        string? address = string.IsNullOrWhiteSpace(options.Address) ? _environment("VAULT_ADDR") : options.Address;
        if (string.IsNullOrWhiteSpace(address))
        {
            builder.AddError("is required (or set VAULT_ADDR), for example https://vault.vault.svc:8200.", $"{_section}:Address");
        }
        else if (!Uri.TryCreate(address, UriKind.Absolute, out Uri? uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            builder.AddError($"must be an absolute http or https URL; got '{address}'.", $"{_section}:Address");
        }

        bool hasToken = !string.IsNullOrWhiteSpace(options.Token);
        bool hasRole = !string.IsNullOrWhiteSpace(options.Kubernetes?.Role);
        if (hasToken == hasRole)
        {
            builder.AddError(
                hasToken
                    ? "configure exactly one auth method: both Token and Kubernetes:Role are set."
                    : "configure an auth method: set Kubernetes:Role (in a pod) or Token (development only).",
                $"{_section}:Kubernetes:Role");
        }

        if (hasRole && string.IsNullOrWhiteSpace(options.Kubernetes!.MountPath))
        {
            builder.AddError("must not be empty.", $"{_section}:Kubernetes:MountPath");
        }

        if (hasRole && string.IsNullOrWhiteSpace(options.Kubernetes!.TokenPath))
        {
            builder.AddError("must not be empty.", $"{_section}:Kubernetes:TokenPath");
        }

        if (options.RefreshInterval <= TimeSpan.Zero)
        {
            builder.AddError("must be positive.", $"{_section}:RefreshInterval");
        }

        if (options.StartupTimeout <= TimeSpan.Zero || options.StartupTimeout > TimeSpan.FromDays(1))
        {
            builder.AddError("must be positive and at most a day, for example \"00:00:30\".", $"{_section}:StartupTimeout");
        }

        if (options.RequestTimeout is { } requestTimeout && requestTimeout != System.Threading.Timeout.InfiniteTimeSpan
            && (requestTimeout < TimeSpan.FromMilliseconds(10) || requestTimeout > TimeSpan.FromDays(1)))
        {
            // The client's own limits (VaultClientOptions.Timeout), named here by the configuration key.
            builder.AddError("must be between 10 ms and a day (or -00:00:00.001 for none), for example \"00:00:10\".", $"{_section}:RequestTimeout");
        }

        if (options.MaxConcurrency is < 1 or > 256)
        {
            builder.AddError("must be between 1 and 256.", $"{_section}:MaxConcurrency");
        }

        if (options.Secrets is null || options.Secrets.Count == 0)
        {
            builder.AddError("must list at least one secret, for example { \"Path\": \"secret/my-app\" }.", $"{_section}:Secrets");
            return builder.Build();
        }

        for (int i = 0; i < options.Secrets.Count; i++)
        {
            ValidateSecret(builder, options.Secrets[i], string.Create(CultureInfo.InvariantCulture, $"{_section}:Secrets:{i}"));
        }

        return builder.Build();
    }

    private static void ValidateSecret(ValidateOptionsResultBuilder builder, VaultSecretOptions? secret, string key)
    {
        if (secret is null)
        {
            builder.AddError("must not be empty.", key);
            return;
        }

        if (string.IsNullOrWhiteSpace(secret.Path))
        {
            builder.AddError("is required, for example secret/my-app.", $"{key}:Path");
        }
        else if (secret.Path.TrimStart('/').StartsWith("v1/", StringComparison.Ordinal))
        {
            builder.AddError($"must not start with v1/ (the client adds it); got '{secret.Path}'.", $"{key}:Path");
        }

        bool isKv = secret.Kind is SecretSourceKind.Kv or SecretSourceKind.KvV1 or SecretSourceKind.KvV2;
        if (secret.Version is not null && (secret.Version < 1 || secret.Kind is not (SecretSourceKind.Kv or SecretSourceKind.KvV2)))
        {
            builder.AddError("applies only to KV version 2 secrets and must be 1 or more.", $"{key}:Version");
        }

        if (secret.Recursive && !isKv)
        {
            builder.AddError("applies only to KV secrets.", $"{key}:Recursive");
        }

        if (secret.Recursive && secret.Version is not null)
        {
            builder.AddError("cannot be combined with Version.", $"{key}:Recursive");
        }

        if (secret.RefreshInterval <= TimeSpan.Zero)
        {
            builder.AddError("must be positive.", $"{key}:RefreshInterval");
        }

        if (secret.Templates is not null && secret.Templates.Keys.Any(string.IsNullOrWhiteSpace))
        {
            builder.AddError("must not have an empty key.", $"{key}:Templates");
        }
    }
}
