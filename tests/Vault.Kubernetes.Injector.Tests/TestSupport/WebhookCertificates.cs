// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Vault.Kubernetes.Injector.Tests.TestSupport;

/// <summary>A throw-away CA and the webhook's serving certificate (its Service DNS name plus loopback), written as PEM files.</summary>
internal sealed class WebhookCertificates
{
    public const string ServiceHost = "vault-injector.vault.svc";

    private WebhookCertificates(string caPem, string certFile, string keyFile)
    {
        CaPem = caPem;
        CertFile = certFile;
        KeyFile = keyFile;
    }

    public string CaPem { get; }

    public string CertFile { get; }

    public string KeyFile { get; }

    public static WebhookCertificates Create(string directory)
    {
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=injector-test-ca", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        DateTimeOffset now = TimeProvider.System.GetUtcNow();
        using X509Certificate2 ca = caRequest.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=" + ServiceHost, key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(ServiceHost);
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        using X509Certificate2 leaf = request.Create(ca, now.AddMinutes(-5), now.AddDays(1), [1, 2, 3, 4, 5, 6, 7, 8]);

        string certFile = Path.Combine(directory, "tls.crt");
        string keyFile = Path.Combine(directory, "tls.key");
        File.WriteAllText(certFile, leaf.ExportCertificatePem());
        File.WriteAllText(keyFile, key.ExportPkcs8PrivateKeyPem());
        return new WebhookCertificates(ca.ExportCertificatePem(), certFile, keyFile);
    }
}
