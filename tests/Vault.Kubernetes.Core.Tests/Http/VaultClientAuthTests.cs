// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Net;
using System.Text.Json;
using Vault.Kubernetes.Http;

namespace Vault.Kubernetes.Core.Tests.Http;

public sealed class VaultClientAuthTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task LoginKubernetesAsync_Success_PostsRoleAndJwtWithoutTokenAndParsesAuth()
    {
        var handler = new FakeVaultHandler().Respond(HttpStatusCode.OK, VaultJson.Login());
        using VaultClient client = TestClients.Create(handler);

        VaultResponse response = await client.LoginKubernetesAsync("app", new SecretString(VaultJson.Jwt), cancellationToken: Ct);

        RecordedRequest request = Assert.Single(handler.RequestList);
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal("/v1/auth/kubernetes/login", request.PathAndQuery);
        Assert.Null(request.Header("X-Vault-Token"));
        Assert.Equal("true", request.Header("X-Vault-Request"));
        using (JsonDocument body = JsonDocument.Parse(request.Body!))
        {
            Assert.Equal("app", body.RootElement.GetProperty("role").GetString());
            Assert.Equal(VaultJson.Jwt, body.RootElement.GetProperty("jwt").GetString());
        }

        VaultAuthInfo auth = Assert.IsType<VaultAuthInfo>(response.Auth);
        Assert.Equal(VaultJson.ClientToken, auth.ClientToken.Reveal());
        Assert.Equal("3kT0x1q9mZ2c7bN4vR8sL6pH", auth.Accessor);
        Assert.Equal(["app-read", "default"], auth.Policies);
        Assert.Equal(["app-read", "default"], auth.TokenPolicies);
        Assert.Equal(5, auth.Metadata.Count);
        Assert.Equal("payments", auth.Metadata["service_account_namespace"]);
        Assert.Equal(string.Empty, auth.Metadata["service_account_secret_name"]);
        Assert.Equal(TimeSpan.FromHours(1), auth.LeaseDuration);
        Assert.True(auth.Renewable);
        Assert.True(auth.Orphan);
        Assert.Equal("service", auth.TokenType);
        Assert.Equal("d8f0-uuid", auth.EntityId);
        Assert.Equal(0, auth.NumUses);
        Assert.Equal("0c9a-login", response.RequestId);
        Assert.Equal("kubernetes", response.MountType);
        Assert.Null(response.Data);
        Assert.Empty(response.Warnings);
        Assert.Equal(200, response.StatusCode);
    }

    [Fact]
    public async Task LoginKubernetesAsync_CustomMount_UsesMountPath()
    {
        var handler = new FakeVaultHandler().Respond(HttpStatusCode.OK, VaultJson.Login());
        using VaultClient client = TestClients.Create(handler);

        await client.LoginKubernetesAsync("app", new SecretString(VaultJson.Jwt), "/k8s-prod/", Ct);

        Assert.Equal("/v1/auth/k8s-prod/login", Assert.Single(handler.RequestList).PathAndQuery);
    }

    [Theory]
    [InlineData(403, """{"errors":["service account name not authorized"]}""", "service account name not authorized")]
    [InlineData(400, """{"errors":["invalid role name \"nope\""]}""", "invalid role name")]
    [InlineData(500, """{"errors":["could not load backend configuration"]}""", "could not load backend configuration")]
    public async Task LoginKubernetesAsync_Refused_ThrowsVaultExceptionWithoutJwt(int status, string body, string expected)
    {
        var handler = new FakeVaultHandler().Always((HttpStatusCode)status, body);
        using VaultClient client = TestClients.Create(handler);

        var ex = await Assert.ThrowsAsync<VaultException>(() => client.LoginKubernetesAsync("nope", new SecretString(VaultJson.Jwt), cancellationToken: Ct));

        Assert.Equal(status, ex.StatusCode);
        Assert.Equal("auth/kubernetes/login", ex.Path);
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(VaultJson.Jwt, ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoginKubernetesAsync_NoAuthBlock_ThrowsVaultException()
    {
        var handler = new FakeVaultHandler().Respond(HttpStatusCode.OK, """{"request_id":"r","data":null,"auth":null}""");
        using VaultClient client = TestClients.Create(handler);

        var ex = await Assert.ThrowsAsync<VaultException>(() => client.LoginKubernetesAsync("app", new SecretString(VaultJson.Jwt), cancellationToken: Ct));

        Assert.Contains("no auth block", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoginAsync_GenericMethod_PostsBodyToPath()
    {
        var handler = new FakeVaultHandler().Respond(HttpStatusCode.OK, VaultJson.Login());
        using VaultClient client = TestClients.Create(handler);

        VaultResponse response = await client.LoginAsync("auth/approle/login", new Dictionary<string, string> { ["role_id"] = "r1", ["secret_id"] = "s1" }, Ct);

        RecordedRequest request = Assert.Single(handler.RequestList);
        Assert.Equal("/v1/auth/approle/login", request.PathAndQuery);
        Assert.Equal("""{"role_id":"r1","secret_id":"s1"}""", request.Body);
        Assert.NotNull(response.Auth);
    }

    [Fact]
    public async Task LookupSelfAsync_SendsGivenTokenAndReturnsData()
    {
        var handler = new FakeVaultHandler().Respond(HttpStatusCode.OK, """
            {"request_id":"r-lookup","lease_id":"","renewable":false,"lease_duration":0,
             "data":{"accessor":"acc","ttl":2400,"renewable":true,"policies":["default"],"expire_time":"2025-03-01T11:00:00Z","type":"service"},
             "wrap_info":null,"warnings":null,"auth":null,"mount_type":"token"}
            """);
        using VaultClient client = TestClients.Create(handler);

        VaultResponse response = await client.LookupSelfAsync(new SecretString("hvs.self"), Ct);

        RecordedRequest request = Assert.Single(handler.RequestList);
        Assert.Equal(HttpMethod.Get, request.Method);
        Assert.Equal("/v1/auth/token/lookup-self", request.PathAndQuery);
        Assert.Equal("hvs.self", request.Header("X-Vault-Token"));
        Assert.Equal(2400, response.Data!.Value.GetProperty("ttl").GetInt32());
        Assert.Equal("token", response.MountType);
    }

    [Fact]
    public async Task RenewSelfAsync_WithIncrement_SendsSecondsAndParsesCappedWarning()
    {
        var handler = new FakeVaultHandler().Respond(HttpStatusCode.OK, """
            {"request_id":"r-renew","lease_id":"","renewable":false,"lease_duration":0,"data":null,"wrap_info":null,
             "warnings":["TTL of \"1h\" exceeded the effective max_ttl of \"8m20s\"; TTL value is capped accordingly"],
             "auth":{"client_token":"hvs.self","accessor":"acc","policies":["default"],"token_policies":["default"],
                     "metadata":null,"lease_duration":500,"renewable":true,"entity_id":"","token_type":"service","orphan":true,"num_uses":0}}
            """);
        using VaultClient client = TestClients.Create(handler);

        VaultResponse response = await client.RenewSelfAsync(new SecretString("hvs.self"), TimeSpan.FromHours(1), Ct);

        RecordedRequest request = Assert.Single(handler.RequestList);
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal("/v1/auth/token/renew-self", request.PathAndQuery);
        Assert.Equal("""{"increment":3600}""", request.Body);
        Assert.Equal("hvs.self", request.Header("X-Vault-Token"));
        Assert.Equal(TimeSpan.FromSeconds(500), response.Auth!.LeaseDuration);
        Assert.Empty(response.Auth.Metadata);
        Assert.Contains("capped", Assert.Single(response.Warnings), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RenewSelfAsync_NoIncrement_SendsEmptyObject()
    {
        var handler = new FakeVaultHandler().Respond(HttpStatusCode.OK, VaultJson.Login());
        using VaultClient client = TestClients.Create(handler);

        await client.RenewSelfAsync(new SecretString("hvs.self"), cancellationToken: Ct);

        Assert.Equal("{}", Assert.Single(handler.RequestList).Body);
    }

    [Fact]
    public async Task RevokeSelfAsync_204_Completes()
    {
        var handler = new FakeVaultHandler().Respond(HttpStatusCode.NoContent);
        using VaultClient client = TestClients.Create(handler);

        await client.RevokeSelfAsync(new SecretString("hvs.self"), Ct);

        RecordedRequest request = Assert.Single(handler.RequestList);
        Assert.Equal("/v1/auth/token/revoke-self", request.PathAndQuery);
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal("hvs.self", request.Header("X-Vault-Token"));
    }

    [Fact]
    public async Task RenewSelfAsync_BatchToken_ThrowsWithVaultError()
    {
        var handler = new FakeVaultHandler().Respond(HttpStatusCode.BadRequest, """{"errors":["batch tokens cannot be renewed"]}""");
        using VaultClient client = TestClients.Create(handler);

        var ex = await Assert.ThrowsAsync<VaultException>(() => client.RenewSelfAsync(new SecretString("hvb.batch"), cancellationToken: Ct));

        Assert.Equal(400, ex.StatusCode);
        Assert.True(ex.ErrorsContain("cannot be renewed"));
        Assert.DoesNotContain("hvb.batch", ex.ToString(), StringComparison.Ordinal);
    }
}
