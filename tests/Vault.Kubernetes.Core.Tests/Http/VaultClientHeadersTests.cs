// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Net;
using Vault.Kubernetes.Http;

namespace Vault.Kubernetes.Core.Tests.Http;

public sealed class VaultClientHeadersTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Request_Always_SendsVaultRequestHeaderAndV1Prefix()
    {
        var handler = new FakeVaultHandler().Always(HttpStatusCode.OK, VaultJson.KvV2());
        using VaultClient client = TestClients.Create(handler, new FakeTokenProvider("hvs.t"));

        await client.ReadAsync("secret/data/app", Ct);
        await client.GetHealthAsync(Ct);

        Assert.All(handler.RequestList, r => Assert.Equal("true", r.Header("X-Vault-Request")));
        Assert.Equal("https://vault.test:8200/v1/secret/data/app", handler.RequestList[0].Uri.AbsoluteUri);
    }

    [Fact]
    public async Task Request_NamespaceConfigured_SendsNamespaceHeader()
    {
        var handler = new FakeVaultHandler().Always(HttpStatusCode.OK, VaultJson.KvV2());
        using VaultClient client = TestClients.Create(handler, new FakeTokenProvider("hvs.t"), o => o.Namespace = "team-a/");

        await client.ReadAsync("secret/data/app", Ct);

        Assert.Equal("team-a/", Assert.Single(handler.RequestList).Header("X-Vault-Namespace"));
    }

    [Fact]
    public async Task Request_CustomHeaders_SentWithEveryRequest_ClientHeadersStillItsOwn()
    {
        var handler = new FakeVaultHandler().Always(HttpStatusCode.OK, VaultJson.KvV2());
        using VaultClient client = TestClients.Create(handler, new FakeTokenProvider("hvs.t"), o => o.Headers["X-Gateway-Key"] = "gw-k3y");

        await client.ReadAsync("secret/data/app", Ct);
        await client.GetHealthAsync(Ct);

        Assert.All(handler.RequestList, r => Assert.Equal("gw-k3y", r.Header("X-Gateway-Key")));
        Assert.Equal("hvs.t", handler.RequestList[0].Header("X-Vault-Token"));
    }

    [Theory]
    [InlineData("X-Vault-Token")]
    [InlineData("x-vault-namespace")]
    [InlineData("Bad Header")]
    public void Options_ReservedOrInvalidHeader_RefusedNamingIt(string header)
    {
        var options = new VaultClientOptions { Address = new Uri("https://vault.test:8200") };
        options.Headers[header] = "value-that-must-not-show";

        var error = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => new VaultClient(options));

        Assert.Contains($"VaultClientOptions.Headers has '{header}'", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("value-that-must-not-show", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Identity_HeadersArePartOfTheConnection_ButOnlyAsAHash()
    {
        static Vault.Kubernetes.Authentication.VaultIdentity Identity(string key)
        {
            var options = new VaultClientOptions { Address = new Uri("https://vault.test:8200") };
            options.Headers["X-Gateway-Key"] = key;
            return Vault.Kubernetes.Authentication.VaultIdentity.ForToken(options, new SecretString("hvs.t"));
        }

        Assert.NotEqual(Identity("gw-one"), Identity("gw-two"));
        Assert.Equal(Identity("gw-one"), Identity("gw-one"));
        Assert.DoesNotContain("gw-one", Identity("gw-one").Key, StringComparison.Ordinal);
        Assert.DoesNotContain("gw-one", Identity("gw-one").ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Request_NoNamespace_OmitsNamespaceHeader()
    {
        var handler = new FakeVaultHandler().Always(HttpStatusCode.OK, VaultJson.KvV2());
        using VaultClient client = TestClients.Create(handler, new FakeTokenProvider("hvs.t"));

        await client.ReadAsync("secret/data/app", Ct);

        Assert.Null(Assert.Single(handler.RequestList).Header("X-Vault-Namespace"));
    }

    [Fact]
    public async Task Request_AddressWithTrailingSlash_NoDoubleSlash()
    {
        var handler = new FakeVaultHandler().Always(HttpStatusCode.OK, VaultJson.KvV2());
        using VaultClient client = TestClients.Create(handler, new FakeTokenProvider("hvs.t"), o => o.Address = new Uri("http://127.0.0.1:8200/"));

        await client.ReadAsync("/secret/data/app/", Ct);

        Assert.Equal("http://127.0.0.1:8200/v1/secret/data/app", Assert.Single(handler.RequestList).Uri.AbsoluteUri);
    }

    [Fact]
    public async Task Request_EnvironmentNamespace_UsedWhenOptionUnset()
    {
        var handler = new FakeVaultHandler().Always(HttpStatusCode.OK, VaultJson.KvV2());
        using VaultClient client = TestClients.Create(
            handler, new FakeTokenProvider("hvs.t"), environment: new Dictionary<string, string> { ["VAULT_NAMESPACE"] = "env-ns" });

        await client.ReadAsync("secret/data/app", Ct);

        Assert.Equal("env-ns", Assert.Single(handler.RequestList).Header("X-Vault-Namespace"));
    }

    [Fact]
    public async Task Request_EnvironmentAddress_UsedWhenOptionUnset()
    {
        var handler = new FakeVaultHandler().Always(HttpStatusCode.OK, VaultJson.KvV2());
        using VaultClient client = TestClients.Create(
            handler, new FakeTokenProvider("hvs.t"), o => o.Address = null, environment: new Dictionary<string, string> { ["VAULT_ADDR"] = "http://env-vault:8200" });

        await client.ReadAsync("secret/data/app", Ct);

        Assert.Equal(new Uri("http://env-vault:8200"), client.Address);
        Assert.Equal("env-vault", Assert.Single(handler.RequestList).Uri.Host);
    }
}
