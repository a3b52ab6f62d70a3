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
