// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Net;
using Vault.Kubernetes.Http;

namespace Vault.Kubernetes.Core.Tests.Http;

public sealed class VaultClientRedirectTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Action<HttpResponseMessage> Location(string uri) => r => r.Headers.Location = new Uri(uri, UriKind.RelativeOrAbsolute);

    [Theory]
    [InlineData(HttpStatusCode.TemporaryRedirect)]
    [InlineData(HttpStatusCode.MovedPermanently)]
    [InlineData(HttpStatusCode.Found)]
    public async Task Write_Redirect_FollowsOneHopKeepingMethodBodyAndToken(HttpStatusCode status)
    {
        var handler = new FakeVaultHandler()
            .Respond(status, null, Location("https://active.vault.test:8200/v1/pki/issue/web"))
            .Respond(HttpStatusCode.OK, VaultJson.DatabaseCreds);
        using VaultClient client = TestClients.Create(handler, new FakeTokenProvider("hvs.t"));

        await client.WriteAsync("pki/issue/web", new Dictionary<string, string> { ["common_name"] = "a.example.com" }, Ct);

        Assert.Equal(2, handler.Requests.Count);
        RecordedRequest second = handler.RequestList[1];
        Assert.Equal(HttpMethod.Post, second.Method);
        Assert.Equal("https://active.vault.test:8200/v1/pki/issue/web", second.Uri.AbsoluteUri);
        Assert.Equal("""{"common_name":"a.example.com"}""", second.Body);
        Assert.Equal("hvs.t", second.Header("X-Vault-Token"));
        Assert.Equal("true", second.Header("X-Vault-Request"));
    }

    [Fact]
    public async Task Read_RelativeLocation_ResolvedAgainstRequest()
    {
        var handler = new FakeVaultHandler()
            .Respond(HttpStatusCode.TemporaryRedirect, null, Location("/v1/secret/data/moved"))
            .Respond(HttpStatusCode.OK, VaultJson.KvV2());
        using VaultClient client = TestClients.Create(handler, new FakeTokenProvider("hvs.t"));

        await client.ReadAsync("secret/data/app", Ct);

        Assert.Equal(TestClients.Address + "/v1/secret/data/moved", handler.RequestList[1].Uri.AbsoluteUri);
    }

    [Fact]
    public async Task Read_HttpsToHttpRedirect_RefusedAsDowngrade()
    {
        var handler = new FakeVaultHandler()
            .Respond(HttpStatusCode.TemporaryRedirect, null, Location("http://active.vault.test:8200/v1/secret/data/app"));
        using VaultClient client = TestClients.Create(handler, new FakeTokenProvider("hvs.t"));

        var ex = await Assert.ThrowsAsync<VaultException>(() => client.ReadAsync("secret/data/app", Ct));

        Assert.Contains("redirect would cause protocol downgrade", ex.Message, StringComparison.Ordinal);
        Assert.Single(handler.RequestList);
    }

    [Fact]
    public async Task Read_SecondRedirect_NotFollowed()
    {
        var handler = new FakeVaultHandler()
            .Respond(HttpStatusCode.TemporaryRedirect, null, Location("https://b.vault.test/v1/secret/data/app"))
            .Respond(HttpStatusCode.TemporaryRedirect, null, Location("https://c.vault.test/v1/secret/data/app"))
            .Always(HttpStatusCode.OK, VaultJson.KvV2());
        using VaultClient client = TestClients.Create(handler, new FakeTokenProvider("hvs.t"));

        var ex = await Assert.ThrowsAsync<VaultException>(() => client.ReadAsync("secret/data/app", Ct));

        Assert.Equal(307, ex.StatusCode);
        Assert.Contains("redirect", ex.Message, StringComparison.Ordinal);
        Assert.Equal(2, handler.Requests.Count);
        Assert.DoesNotContain(handler.RequestList, r => r.Uri.Host == "c.vault.test");
    }

    [Fact]
    public async Task Read_RedirectWithoutLocation_Throws()
    {
        var handler = new FakeVaultHandler().Respond(HttpStatusCode.TemporaryRedirect);
        using VaultClient client = TestClients.Create(handler, new FakeTokenProvider("hvs.t"));

        var ex = await Assert.ThrowsAsync<VaultException>(() => client.ReadAsync("secret/data/app", Ct));

        Assert.Contains("Location", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CreateHttpMessageHandler_DisablesAutomaticRedirects()
    {
        using HttpMessageHandler handler = VaultClient.CreateHttpMessageHandler(new VaultClientOptions { Address = new Uri("https://vault.test") });

        var sockets = Assert.IsType<SocketsHttpHandler>(handler);
        Assert.False(sockets.AllowAutoRedirect);
    }
}
