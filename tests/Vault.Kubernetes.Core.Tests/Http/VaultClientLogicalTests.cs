// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Net;
using System.Text.Json;
using Vault.Kubernetes.Http;

namespace Vault.Kubernetes.Core.Tests.Http;

public sealed class VaultClientLogicalTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ReadAsync_DynamicCredentials_ReturnsLeaseAndData()
    {
        var handler = new FakeVaultHandler().Respond(HttpStatusCode.OK, VaultJson.DatabaseCreds);
        using VaultClient client = TestClients.Create(handler, new FakeTokenProvider("hvs.t"));

        VaultResponse? response = await client.ReadAsync("database/creds/readonly", Ct);

        Assert.Equal("/v1/database/creds/readonly", Assert.Single(handler.RequestList).PathAndQuery);
        Assert.Equal("database/creds/readonly/Xq3Zp9LkT2wB7cVn4sRm8HjD", response!.LeaseId);
        Assert.True(response.Renewable);
        Assert.Equal(TimeSpan.FromHours(1), response.LeaseDuration);
        Assert.Equal("v-k8s-readonly-Ab12Cd34", response.Data!.Value.GetProperty("username").GetString());
    }

    [Fact]
    public async Task ReadAsync_UnknownRole_Throws400()
    {
        var handler = new FakeVaultHandler().Respond(HttpStatusCode.BadRequest, """{"errors":["unknown role: nope"]}""");
        using VaultClient client = TestClients.Create(handler, new FakeTokenProvider("hvs.t"));

        var ex = await Assert.ThrowsAsync<VaultException>(() => client.ReadAsync("database/creds/nope", Ct));

        Assert.True(ex.ErrorsContain("unknown role"));
    }

    [Fact]
    public async Task WriteAsync_PkiIssue_PostsStringParameters()
    {
        var handler = new FakeVaultHandler().Respond(HttpStatusCode.OK, """
            {"request_id":"r","lease_id":"","renewable":false,"lease_duration":0,
             "data":{"certificate":"-----BEGIN CERTIFICATE-----","expiration":1741000000,"serial_number":"1a:2b"},"warnings":null,"auth":null}
            """);
        using VaultClient client = TestClients.Create(handler, new FakeTokenProvider("hvs.t"));

        VaultResponse response = await client.WriteAsync("pki/issue/web", new Dictionary<string, string> { ["common_name"] = "a.example.com", ["ttl"] = "24h" }, Ct);

        RecordedRequest request = Assert.Single(handler.RequestList);
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal("/v1/pki/issue/web", request.PathAndQuery);
        Assert.Equal("""{"common_name":"a.example.com","ttl":"24h"}""", request.Body);
        Assert.Equal(1741000000, response.Data!.Value.GetProperty("expiration").GetInt64());
    }

    [Fact]
    public async Task WriteAsync_NoBody_204_ReturnsEmptyResponse()
    {
        var handler = new FakeVaultHandler().Respond(HttpStatusCode.NoContent);
        using VaultClient client = TestClients.Create(handler, new FakeTokenProvider("hvs.t"));

        VaultResponse response = await client.WriteAsync("sys/some/config", cancellationToken: Ct);

        Assert.Equal(204, response.StatusCode);
        Assert.Null(Assert.Single(handler.RequestList).Body);
    }

    [Fact]
    public async Task SendAsync_CustomMethodQueryAndJsonBody_SentAsGiven()
    {
        var handler = new FakeVaultHandler().Respond(HttpStatusCode.OK, """{"request_id":"r","data":{"ok":true}}""");
        using VaultClient client = TestClients.Create(handler, new FakeTokenProvider("hvs.t"));
        using JsonDocument body = JsonDocument.Parse("""{"versions":[1,2]}""");

        VaultResponse? response = await client.SendAsync(HttpMethod.Put, "secret/destroy/app?x=1", body.RootElement, Ct);

        RecordedRequest request = Assert.Single(handler.RequestList);
        Assert.Equal(HttpMethod.Put, request.Method);
        Assert.Equal("/v1/secret/destroy/app?x=1", request.PathAndQuery);
        Assert.Equal("""{"versions":[1,2]}""", request.Body);
        Assert.True(response!.Data!.Value.GetProperty("ok").GetBoolean());
    }

    [Fact]
    public async Task ListAsync_UsesGetWithListTrue()
    {
        var handler = new FakeVaultHandler().Respond(HttpStatusCode.OK, """{"data":{"keys":["a","b/"]}}""");
        using VaultClient client = TestClients.Create(handler, new FakeTokenProvider("hvs.t"));

        IReadOnlyList<string> keys = await client.ListAsync("auth/kubernetes/role", Ct);

        RecordedRequest request = Assert.Single(handler.RequestList);
        Assert.Equal(HttpMethod.Get, request.Method);
        Assert.Equal("/v1/auth/kubernetes/role?list=true", request.PathAndQuery);
        Assert.Equal(["a", "b/"], keys);
    }

    [Fact]
    public async Task DeleteAsync_SendsDelete()
    {
        var handler = new FakeVaultHandler().Respond(HttpStatusCode.NoContent);
        using VaultClient client = TestClients.Create(handler, new FakeTokenProvider("hvs.t"));

        await client.DeleteAsync("kv/app", Ct);

        Assert.Equal(HttpMethod.Delete, Assert.Single(handler.RequestList).Method);
    }
}
