// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Vault.Kubernetes.Injector.Hosting;
using Vault.Kubernetes.Injector.Tests.TestSupport;

namespace Vault.Kubernetes.Injector.Tests.Hosting;

public sealed class CertificateReloaderTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("injector-cert-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Current_FilesReplaced_ServesTheNewCertificateAfterTheCheckInterval()
    {
        WebhookCertificates first = WebhookCertificates.Create(_directory);
        var clock = new FakeTimeProvider();
        using var reloader = new CertificateReloader(Options.Create(new InjectorOptions { TlsCertFile = first.CertFile, TlsKeyFile = first.KeyFile }), clock, NullLogger<CertificateReloader>.Instance);
        string firstThumbprint = reloader.Current.Thumbprint;

        // Rotated in place, as a Secret volume does; the file time moves forward.
        WebhookCertificates.Create(_directory);
        File.SetLastWriteTimeUtc(first.CertFile, File.GetLastWriteTimeUtc(first.CertFile).AddMinutes(1));
        Assert.Equal(firstThumbprint, reloader.Current.Thumbprint);
        clock.Advance(TimeSpan.FromSeconds(1));

        X509Certificate2 current = reloader.Current;
        Assert.NotEqual(firstThumbprint, current.Thumbprint);
        Assert.True(current.HasPrivateKey);
    }

    [Fact]
    public void Current_KeyFileBroken_KeepsThePreviousCertificate()
    {
        WebhookCertificates certificates = WebhookCertificates.Create(_directory);
        var clock = new FakeTimeProvider();
        using var reloader = new CertificateReloader(Options.Create(new InjectorOptions { TlsCertFile = certificates.CertFile, TlsKeyFile = certificates.KeyFile }), clock, NullLogger<CertificateReloader>.Instance);
        string thumbprint = reloader.Current.Thumbprint;

        File.WriteAllText(certificates.KeyFile, "half written");
        File.SetLastWriteTimeUtc(certificates.KeyFile, File.GetLastWriteTimeUtc(certificates.KeyFile).AddMinutes(1));
        clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(thumbprint, reloader.Current.Thumbprint);
    }
}
