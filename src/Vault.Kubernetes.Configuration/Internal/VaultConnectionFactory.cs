// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Threading.Tasks;
using Vault.Kubernetes.Authentication;
using Vault.Kubernetes.Http;
using Vault.Kubernetes.Secrets;
using Vault.Kubernetes.Sync;

namespace Vault.Kubernetes.Configuration.Internal;

/// <summary>Creates the provider's Vault connection from its options: one client, one auth method, one session shared by every secret.</summary>
internal static class VaultConnectionFactory
{
    public static VaultConnection Create(VaultConfigurationSource source)
    {
        VaultKubernetesOptions options = source.Options;
        string? address = string.IsNullOrWhiteSpace(options.Address) ? source.EnvironmentVariables("VAULT_ADDR") : options.Address;
        var clientOptions = new VaultClientOptions
        {
            Address = new Uri(address!, UriKind.Absolute),
            Namespace = options.Namespace,
            CaCertificate = options.CaCertificate,
            TlsServerName = options.TlsServerName,
            SkipTlsVerify = options.SkipTlsVerify,
        };
        var client = new VaultClient(clientOptions, httpClient: null, source.LoggerFactory, source.TimeProvider);
        IVaultAuthMethod auth = string.IsNullOrWhiteSpace(options.Token)
            ? new KubernetesAuthMethod(options.Kubernetes.Role!, new ProjectedServiceAccountTokenSource(options.Kubernetes.TokenPath), options.Kubernetes.MountPath)
            : new TokenAuthMethod(new SecretString(options.Token));
        var session = new VaultSession(
            client,
            auth,
            new VaultSessionOptions { RevokeOnDispose = options.RevokeOnShutdown },
            source.LoggerFactory,
            source.TimeProvider,
            source.Random);

        return new VaultConnection(
            new VaultSecretSource(session.Client, source.TimeProvider),
            async () =>
            {
                await session.DisposeAsync().ConfigureAwait(false);
                client.Dispose();
            },
            () => new VaultIdentityState(session.IsAuthenticated, session.CurrentTokenExpiresAt, session.LastError?.Message),
            session);
    }
}
