// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Vault.Kubernetes.Testing.Tls;

/// <summary>A throw-away CA and a loopback server certificate it signs, for the dev server's HTTPS listener.</summary>
internal sealed class DevCertificateAuthority : IDisposable
{
    private DevCertificateAuthority(X509Certificate2 caCertificate, X509Certificate2 serverCertificate)
    {
        CaCertificate = caCertificate;
        ServerCertificate = serverCertificate;
    }

    /// <summary>Gets the CA certificate (public part only).</summary>
    public X509Certificate2 CaCertificate { get; }

    /// <summary>Gets the server certificate with its private key (SAN: 127.0.0.1, ::1, localhost).</summary>
    public X509Certificate2 ServerCertificate { get; }

    /// <summary>Gets the CA certificate as PEM.</summary>
    public string CaCertificatePem => CaCertificate.ExportCertificatePem();

    /// <summary>Creates a CA valid from <paramref name="now"/> minus a day for 30 days, and a server certificate.</summary>
    public static DevCertificateAuthority Create(DateTimeOffset now)
    {
        using ECDsa caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=Vault.Kubernetes.Testing dev CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        using X509Certificate2 ca = caRequest.CreateSelfSigned(now.AddDays(-1), now.AddDays(30));

        using ECDsa serverKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var serverRequest = new CertificateRequest("CN=localhost", serverKey, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        san.AddIpAddress(IPAddress.IPv6Loopback);
        san.AddDnsName("localhost");
        serverRequest.CertificateExtensions.Add(san.Build());
        serverRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        serverRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        serverRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        byte[] serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        using X509Certificate2 issued = serverRequest.Create(ca, now.AddDays(-1), now.AddDays(29), serial);
        using X509Certificate2 withKey = issued.CopyWithPrivateKey(serverKey);

        // Round-trip through PKCS#12 so the key is usable by SslStream on every platform.
        X509Certificate2 server = X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
        X509Certificate2 caPublic = X509CertificateLoader.LoadCertificate(ca.RawData);
        return new DevCertificateAuthority(caPublic, server);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        CaCertificate.Dispose();
        ServerCertificate.Dispose();
    }
}
