// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Net;
using Vault.Kubernetes.Http;

namespace Vault.Kubernetes.Core.Tests.Http;

public sealed class VaultClientLeasesTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const string LeaseId = "database/creds/readonly/Xq3Zp9LkT2wB7cVn4sRm8HjD";

    [Fact]
    public async Task RenewLeaseAsync_SendsLeaseIdAndIncrementAndParsesNewDuration()
    {
        var handler = new FakeVaultHandler().Respond(HttpStatusCode.OK, $$"""
            {"request_id":"r","lease_id":"{{LeaseId}}","renewable":true,"lease_duration":1800,
             "data":null,"wrap_info":null,"warnings":null,"auth":null,"mount_type":"system"}
            """);
        using VaultClient client = TestClients.Create(handler, new FakeTokenProvider("hvs.t"));

        VaultResponse response = await client.RenewLeaseAsync(LeaseId, TimeSpan.FromMinutes(30), Ct);

        RecordedRequest request = Assert.Single(handler.RequestList);
        Assert.Equal(HttpMethod.Put, request.Method);
        Assert.Equal("/v1/sys/leases/renew", request.PathAndQuery);
        Assert.Equal($$"""{"lease_id":"{{LeaseId}}","increment":1800}""", request.Body);
        Assert.Equal(TimeSpan.FromMinutes(30), response.LeaseDuration);
        Assert.True(response.Renewable);
    }

    [Theory]
    [InlineData("lease not found")]
    [InlineData("lease is not renewable")]
    [InlineData("1 error occurred:\n\t* lease expired\n\n")]
    public async Task RenewLeaseAsync_VaultRefuses_Throws400WithText(string error)
    {
        var handler = new FakeVaultHandler().Respond(HttpStatusCode.BadRequest, "{\"errors\":[" + System.Text.Json.JsonSerializer.Serialize(error) + "]}");
        using VaultClient client = TestClients.Create(handler, new FakeTokenProvider("hvs.t"));

        var ex = await Assert.ThrowsAsync<VaultException>(() => client.RenewLeaseAsync(LeaseId, cancellationToken: Ct));

        Assert.Equal(400, ex.StatusCode);
        Assert.True(ex.ErrorsContain(error.Contains("expired", StringComparison.Ordinal) ? "lease expired" : error));
        Assert.Equal("""{"lease_id":"database/creds/readonly/Xq3Zp9LkT2wB7cVn4sRm8HjD"}""", Assert.Single(handler.RequestList).Body);
    }

    [Fact]
    public async Task LookupLeaseAsync_ReturnsData()
    {
        var handler = new FakeVaultHandler().Respond(HttpStatusCode.OK, """
            {"request_id":"r","data":{"id":"x","issue_time":"2025-03-01T10:00:00Z","expire_time":"2025-03-01T11:00:00Z","last_renewal":null,"renewable":true,"ttl":3599}}
            """);
        using VaultClient client = TestClients.Create(handler, new FakeTokenProvider("hvs.t"));

        VaultResponse response = await client.LookupLeaseAsync(LeaseId, Ct);

        Assert.Equal("/v1/sys/leases/lookup", Assert.Single(handler.RequestList).PathAndQuery);
        Assert.Equal(3599, response.Data!.Value.GetProperty("ttl").GetInt32());
    }

    [Theory]
    [InlineData(true, HttpStatusCode.NoContent)]
    [InlineData(false, HttpStatusCode.Accepted)]
    public async Task RevokeLeaseAsync_SendsSyncFlagAndAccepts204And202(bool sync, HttpStatusCode status)
    {
        var handler = new FakeVaultHandler().Respond(status);
        using VaultClient client = TestClients.Create(handler, new FakeTokenProvider("hvs.t"));

        await client.RevokeLeaseAsync(LeaseId, sync, Ct);

        RecordedRequest request = Assert.Single(handler.RequestList);
        Assert.Equal("/v1/sys/leases/revoke", request.PathAndQuery);
        Assert.Equal($$"""{"lease_id":"{{LeaseId}}","sync":{{(sync ? "true" : "false")}}}""", request.Body);
    }

    [Fact]
    public async Task RenewLeaseAsync_EmptyLeaseId_ThrowsArgumentException()
    {
        using VaultClient client = TestClients.Create(new FakeVaultHandler(), new FakeTokenProvider("hvs.t"));

        await Assert.ThrowsAsync<ArgumentException>(() => client.RenewLeaseAsync("", cancellationToken: Ct));
    }
}
