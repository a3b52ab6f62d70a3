// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Logging;
using Vault.Kubernetes.Http;

namespace Vault.Kubernetes.Core.Tests.Http;

public sealed class VaultHttpHandlerFactoryTests
{
    private static X509Certificate2 CreateCertificate(string subject)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={subject}", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName(subject);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        DateTimeOffset now = TimeProvider.System.GetUtcNow();
        return request.CreateSelfSigned(now.AddDays(-1), now.AddDays(1));
    }

    [Fact]
    public void LoadCertificates_PemText_ImportsCertificate()
    {
        using X509Certificate2 cert = CreateCertificate("vault.test");

        X509Certificate2Collection loaded = VaultHttpHandlerFactory.LoadCertificates(cert.ExportCertificatePem());

        Assert.Equal(cert.Thumbprint, Assert.Single(loaded).Thumbprint);
    }

    [Fact]
    public void LoadCertificates_PemFile_ImportsCertificate()
    {
        using X509Certificate2 cert = CreateCertificate("vault.test");
        string path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, cert.ExportCertificatePem());

            Assert.Single(VaultHttpHandlerFactory.LoadCertificates(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void LoadCertificates_MissingFile_ThrowsNamingPath()
    {
        var ex = Assert.Throws<ArgumentException>(() => VaultHttpHandlerFactory.LoadCertificates("/nonexistent/ca.pem"));

        Assert.Contains("/nonexistent/ca.pem", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_CertificateSignedByBundle_Accepted()
    {
        using X509Certificate2 cert = CreateCertificate("vault.test");

        bool ok = VaultHttpHandlerFactory.Validate(cert, null, SslPolicyErrors.RemoteCertificateChainErrors, [cert], serverName: null);

        Assert.True(ok);
    }

    [Fact]
    public void Validate_CertificateNotInBundle_Rejected()
    {
        using X509Certificate2 cert = CreateCertificate("vault.test");
        using X509Certificate2 other = CreateCertificate("other.test");

        Assert.False(VaultHttpHandlerFactory.Validate(cert, null, SslPolicyErrors.RemoteCertificateChainErrors, [other], serverName: null));
    }

    [Fact]
    public void Validate_NameMismatchButTlsServerNameMatches_Accepted()
    {
        using X509Certificate2 cert = CreateCertificate("vault.internal");

        Assert.True(VaultHttpHandlerFactory.Validate(cert, null, SslPolicyErrors.RemoteCertificateNameMismatch, null, "vault.internal"));
        Assert.False(VaultHttpHandlerFactory.Validate(cert, null, SslPolicyErrors.RemoteCertificateNameMismatch, null, "elsewhere.internal"));
        Assert.False(VaultHttpHandlerFactory.Validate(cert, null, SslPolicyErrors.RemoteCertificateNameMismatch, null, null));
    }

    [Fact]
    public void Validate_NoErrorsNoBundle_Accepted()
    {
        using X509Certificate2 cert = CreateCertificate("vault.test");

        Assert.True(VaultHttpHandlerFactory.Validate(cert, null, SslPolicyErrors.None, null, null));
        Assert.False(VaultHttpHandlerFactory.Validate(null, null, SslPolicyErrors.None, null, null));
    }

    [Fact]
    public void Create_SkipVerify_CallbackAcceptsAnything()
    {
        using SocketsHttpHandler handler = VaultHttpHandlerFactory.Create(new VaultConnectionSettings(new Uri("https://v"), null, null, null, SkipTlsVerify: true));

        Assert.True(handler.SslOptions.RemoteCertificateValidationCallback!(this, null, null, SslPolicyErrors.RemoteCertificateChainErrors));
    }

    [Fact]
    public void Create_Defaults_NoCustomValidation()
    {
        using SocketsHttpHandler handler = VaultHttpHandlerFactory.Create(new VaultConnectionSettings(new Uri("https://v"), null, null, null, false));

        Assert.Null(handler.SslOptions.RemoteCertificateValidationCallback);
        Assert.False(handler.AllowAutoRedirect);
    }

    [Fact]
    public void Constructor_SkipVerifyWithOwnHandler_LogsWarning()
    {
        var collector = new FakeLogCollector();
        using var factory = new LoggerFactory([new FakeLoggerProvider(collector)]);

        using var client = new VaultClient(new VaultClientOptions { Address = new Uri("https://vault.test"), SkipTlsVerify = true }, loggerFactory: factory);

        FakeLogRecord record = Assert.Single(collector.GetSnapshot(), r => r.Id.Name == "VaultTlsVerificationDisabled");
        Assert.Equal(LogLevel.Warning, record.Level);
    }

    [Fact]
    public void Constructor_CallerHttpClient_NoSkipVerifyWarning()
    {
        var collector = new FakeLogCollector();
        using var factory = new LoggerFactory([new FakeLoggerProvider(collector)]);

        using var client = new VaultClient(new VaultClientOptions { Address = new Uri("https://vault.test") }, new HttpClient(), factory);

        Assert.Empty(collector.GetSnapshot());
    }
}
