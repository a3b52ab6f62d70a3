// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using Microsoft.Extensions.Logging;
using Vault.Kubernetes.Authentication;
using Vault.Kubernetes.Http;

namespace Vault.Kubernetes.Core.Tests.Http;

/// <summary>Builds clients over a <see cref="FakeVaultHandler"/> with zero retry delays and no environment.</summary>
internal static class TestClients
{
    public const string Address = "https://vault.test:8200";

    public static VaultClient Create(
        FakeVaultHandler handler,
        IVaultTokenProvider? tokenProvider = null,
        Action<VaultClientOptions>? configure = null,
        TimeProvider? timeProvider = null,
        ILoggerFactory? loggerFactory = null,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var options = new VaultClientOptions { Address = new Uri(Address), RetryDelay = TimeSpan.Zero };
        configure?.Invoke(options);
        var client = new VaultClient(
            options,
            new HttpClient(handler),
            loggerFactory,
            timeProvider,
            name => environment is not null && environment.TryGetValue(name, out string? value) ? value : null,
            randomizer: () => 0.5);
        return tokenProvider is null ? client : client.WithTokenProvider(tokenProvider);
    }
}
