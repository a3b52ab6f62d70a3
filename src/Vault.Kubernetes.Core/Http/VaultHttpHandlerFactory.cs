// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.IO;
using System.Net.Http;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Vault.Kubernetes.Http;

/// <summary>Creates the <see cref="SocketsHttpHandler"/> the client uses when the caller supplies no <see cref="HttpClient"/>.</summary>
internal static class VaultHttpHandlerFactory
{
    public static SocketsHttpHandler Create(VaultConnectionSettings settings)
    {
        var handler = new SocketsHttpHandler
        {
            // Redirects are followed by the client itself: one hop, same method and body, no https->http downgrade.
            AllowAutoRedirect = false,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),

            // Past the server's stream limit (Vault: Go's default 250) a second HTTP/2 connection opens instead of queueing.
            EnableMultipleHttp2Connections = true,
        };

        X509Certificate2Collection? trust = settings.CaCertificate is null ? null : LoadCertificates(settings.CaCertificate);
        if (trust is not null || settings.SkipTlsVerify || settings.TlsServerName is not null)
        {
            if (settings.TlsServerName is not null)
            {
                handler.SslOptions.TargetHost = settings.TlsServerName;
            }

            string? serverName = settings.TlsServerName;
            bool skip = settings.SkipTlsVerify;
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, chain, errors) =>
                skip || Validate(certificate as X509Certificate2, chain, errors, trust, serverName);
        }

        return handler;
    }

    internal static X509Certificate2Collection LoadCertificates(string caCertificate)
    {
        var collection = new X509Certificate2Collection();
        if (caCertificate.Contains("-----BEGIN", StringComparison.Ordinal))
        {
            collection.ImportFromPem(caCertificate);
        }
        else if (File.Exists(caCertificate))
        {
            collection.ImportFromPemFile(caCertificate);
        }
        else
        {
            throw new ArgumentException($"The Vault CA certificate '{caCertificate}' is neither PEM text nor an existing file.");
        }

        if (collection.Count == 0)
        {
            throw new ArgumentException("The Vault CA certificate contains no PEM certificate.");
        }

        return collection;
    }

    internal static bool Validate(X509Certificate2? certificate, X509Chain? presentedChain, SslPolicyErrors errors, X509Certificate2Collection? trust, string? serverName)
    {
        if (certificate is null)
        {
            return false;
        }

        if ((errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
        {
            if (serverName is null || !certificate.MatchesHostname(serverName))
            {
                return false;
            }

            errors &= ~SslPolicyErrors.RemoteCertificateNameMismatch;
        }

        if (trust is null)
        {
            return errors == SslPolicyErrors.None;
        }

        errors &= ~SslPolicyErrors.RemoteCertificateChainErrors;
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(trust);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (presentedChain is not null)
        {
            foreach (X509ChainElement element in presentedChain.ChainElements)
            {
                chain.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        return errors == SslPolicyErrors.None && chain.Build(certificate);
    }
}
