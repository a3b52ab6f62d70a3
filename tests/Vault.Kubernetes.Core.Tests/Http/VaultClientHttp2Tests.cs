// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Net;
using Vault.Kubernetes.Http;
using Vault.Kubernetes.Testing;

namespace Vault.Kubernetes.Core.Tests.Http;

/// <summary>Over TLS the client asks for HTTP/2 (negotiated in ALPN, as real Vault offers it) and falls back to HTTP/1.1; cleartext stays HTTP/1.1.</summary>
public sealed class VaultClientHttp2Tests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(true, true, "2.0")]
    [InlineData(true, false, "1.1")]
    [InlineData(false, true, "1.1")]
    public async Task Read_NegotiatesHttp2OnlyOverTlsWhenTheServerOffersIt(bool tls, bool serverHttp2, string expected)
    {
        await using VaultDevServer server = await VaultDevServer.StartAsync(new VaultDevServerOptions { UseTls = tls, EnableHttp2 = serverHttp2 }, Ct);
        server.WriteKvSecret("secret", "app", new Dictionary<string, object?> { ["k"] = "v" });
        var recorder = new VersionRecorder(new SocketsHttpHandler
        {
            // The dev server's CA is generated per run; trust is not what this test is about.
            SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true },
        });
        using var http = new HttpClient(recorder);
        using VaultClient client = new VaultClient(new VaultClientOptions { Address = server.Address }, http).WithTokenProvider(new FakeTokenProvider(server.RootToken));

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => client.ReadAsync("secret/data/app", Ct)));

        Assert.All(recorder.ResponseVersions, v => Assert.Equal(Version.Parse(expected), v));
        Assert.Equal(8, recorder.ResponseVersions.Count);
        Assert.All(recorder.RequestPolicies, p => Assert.Equal(HttpVersionPolicy.RequestVersionOrLower, p));
    }

    private sealed class VersionRecorder(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        public System.Collections.Concurrent.ConcurrentBag<Version> ResponseVersions { get; } = [];

        public System.Collections.Concurrent.ConcurrentBag<HttpVersionPolicy> RequestPolicies { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            RequestPolicies.Add(request.VersionPolicy);
            HttpResponseMessage response = await base.SendAsync(request, cancellationToken);
            ResponseVersions.Add(response.Version);
            return response;
        }
    }
}
