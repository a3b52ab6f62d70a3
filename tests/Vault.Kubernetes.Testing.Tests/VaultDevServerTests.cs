// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace Vault.Kubernetes.Testing.Tests;

public sealed class VaultDevServerTests
{
    [Fact]
    public async Task StartAsync_Default_ListensOnLoopbackWithRandomRootToken()
    {
        await using VaultDevServer server = await VaultDevServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        await using VaultDevServer other = await VaultDevServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal("127.0.0.1", server.Address.Host);
        Assert.Equal("http", server.Address.Scheme);
        Assert.StartsWith("hvs.", server.RootToken, StringComparison.Ordinal);
        Assert.NotEqual(server.RootToken, other.RootToken);
        Assert.NotEqual(server.Address.Port, other.Address.Port);
        Assert.Null(server.CaCertificatePem);
    }

    [Fact]
    public async Task StartAsync_WithPortAndRootToken_UsesThem()
    {
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        await using VaultDevServer server = await VaultDevServer.StartAsync(new VaultDevServerOptions { Port = port, RootTokenId = "root" }, TestContext.Current.CancellationToken);

        Assert.Equal(port, server.Address.Port);
        Assert.Equal("root", server.RootToken);
        Assert.True(server.IsTokenValid("root"));
    }

    [Fact]
    public async Task DisposeAsync_StopsListening()
    {
        VaultDevServer server = await VaultDevServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        Uri address = server.Address;

        await server.DisposeAsync();
        await server.DisposeAsync();

        using var client = new HttpClient();
        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync(new Uri(address, "v1/sys/health"), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task StartAsync_WithTls_ServesHttpsTrustedByExposedCa()
    {
        await using VaultDevServer server = await VaultDevServer.StartAsync(new VaultDevServerOptions { UseTls = true }, TestContext.Current.CancellationToken);
        Assert.Equal("https", server.Address.Scheme);
        Assert.StartsWith("-----BEGIN CERTIFICATE-----", server.CaCertificatePem, StringComparison.Ordinal);
        using X509Certificate2 ca = X509Certificate2.CreateFromPem(server.CaCertificatePem);
        using var trusting = new HttpClient(new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                {
                    using var chain = new X509Chain();
                    chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                    chain.ChainPolicy.CustomTrustStore.Add(ca);
                    chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                    return certificate is X509Certificate2 leaf && chain.Build(leaf);
                },
            },
        });
        using var untrusting = new HttpClient();

        using HttpResponseMessage ok = await trusting.GetAsync(new Uri(server.Address, "v1/sys/health"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        await Assert.ThrowsAsync<HttpRequestException>(() => untrusting.GetAsync(new Uri(server.Address, "v1/sys/health"), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task StartAsync_CollidingKvMounts_Throws()
    {
        var options = new VaultDevServerOptions();
        options.KvMounts["sys"] = 1;

        await Assert.ThrowsAsync<ArgumentException>(() => VaultDevServer.StartAsync(options, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task StartAsync_InvalidKvVersion_Throws()
    {
        var options = new VaultDevServerOptions();
        options.KvMounts["v3"] = 3;

        await Assert.ThrowsAsync<ArgumentException>(() => VaultDevServer.StartAsync(options, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task BackendFailure_Returns500WithErrorsBody()
    {
        await using VaultDevServer server = await VaultDevServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        server.Core.Locked(() => server.Core.System.AddRoute("boom", (_, _, _) => throw new NotSupportedException("bug")));
        using var client = new HttpClient { BaseAddress = server.Address };
        client.DefaultRequestHeaders.Add("X-Vault-Token", server.RootToken);

        using HttpResponseMessage response = await client.GetAsync("v1/sys/boom", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("""{"errors":["internal error"]}""", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Handles_InvalidArguments_Throw()
    {
        await using VaultDevServer server = await VaultDevServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);

        Assert.Throws<ArgumentException>(() => server.WriteKvSecret("sys", "x", new Dictionary<string, object?>()));
        Assert.Throws<ArgumentException>(() => server.WriteKvSecret("", "x", new Dictionary<string, object?>()));
        Assert.Throws<ArgumentException>(() => server.SetPolicy("p", """path "x" { capabilities = ["fly"] }"""));
        Assert.Throws<ArgumentException>(() => server.SetPolicy("root", """path "x" { capabilities = ["read"] }"""));
        Assert.Throws<ArgumentOutOfRangeException>(() => server.EnableKvMount("x", 3));
    }
}
