// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Net;
using Vault.Kubernetes.Http;

namespace Vault.Kubernetes.Core.Tests.Http;

public sealed class VaultClientSysTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const string HealthBody = """
        {"initialized":INIT,"sealed":SEALED,"standby":STANDBY,"performance_standby":false,
         "replication_performance_mode":"disabled","replication_dr_mode":"disabled",
         "server_time_utc":1740823200,"version":"1.19.0","enterprise":false,
         "cluster_name":"vault-cluster-1a2b3c4d","cluster_id":"cid","echo_duration_ms":0,"clock_skew_ms":0}
        """;

    private static string Health(bool initialized = true, bool @sealed = false, bool standby = false) => HealthBody
        .Replace("INIT", initialized ? "true" : "false", StringComparison.Ordinal)
        .Replace("SEALED", @sealed ? "true" : "false", StringComparison.Ordinal)
        .Replace("STANDBY", standby ? "true" : "false", StringComparison.Ordinal);

    [Fact]
    public async Task GetHealthAsync_Active_ParsesRawDocumentWithoutToken()
    {
        var handler = new FakeVaultHandler().Respond(HttpStatusCode.OK, Health());
        using VaultClient client = TestClients.Create(handler, new FakeTokenProvider("hvs.t"));

        VaultHealth health = await client.GetHealthAsync(Ct);

        RecordedRequest request = Assert.Single(handler.RequestList);
        Assert.Equal("/v1/sys/health", request.PathAndQuery);
        Assert.Null(request.Header("X-Vault-Token"));
        Assert.True(health.IsActive);
        Assert.Equal(200, health.StatusCode);
        Assert.Equal("1.19.0", health.Version);
        Assert.Equal("vault-cluster-1a2b3c4d", health.ClusterName);
        Assert.Equal("cid", health.ClusterId);
        Assert.Equal("disabled", health.ReplicationPerformanceMode);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1740823200), health.ServerTime);
    }

    [Theory]
    [InlineData(429, true, false, true)]
    [InlineData(472, true, false, true)]
    [InlineData(473, true, false, true)]
    [InlineData(501, false, true, false)]
    [InlineData(503, true, true, false)]
    public async Task GetHealthAsync_NonOkStatus_IsAnAnswerNotAnErrorAndNotRetried(int status, bool initialized, bool @sealed, bool standby)
    {
        var handler = new FakeVaultHandler().Always((HttpStatusCode)status, Health(initialized, @sealed, standby));
        using VaultClient client = TestClients.Create(handler);

        VaultHealth health = await client.GetHealthAsync(Ct);

        Assert.Single(handler.RequestList);
        Assert.Equal(status, health.StatusCode);
        Assert.Equal(initialized, health.Initialized);
        Assert.Equal(@sealed, health.Sealed);
        Assert.Equal(standby, health.Standby);
        Assert.False(health.IsActive);
    }

    [Fact]
    public async Task GetHealthAsync_ConnectionError_RetriedThenAnswers()
    {
        var handler = new FakeVaultHandler().Throw(new HttpRequestException("refused")).Respond(HttpStatusCode.OK, Health());
        using VaultClient client = TestClients.Create(handler);

        VaultHealth health = await client.GetHealthAsync(Ct);

        Assert.Equal(2, handler.Requests.Count);
        Assert.True(health.IsActive);
    }

    [Fact]
    public async Task GetHealthAsync_NoBody_Throws()
    {
        var handler = new FakeVaultHandler().Respond(HttpStatusCode.ServiceUnavailable);
        using VaultClient client = TestClients.Create(handler);

        var ex = await Assert.ThrowsAsync<VaultException>(() => client.GetHealthAsync(Ct));

        Assert.Equal(503, ex.StatusCode);
    }

    [Fact]
    public async Task UnwrapAsync_SendsWrappingTokenAsHeaderWithEmptyBody()
    {
        var handler = new FakeVaultHandler().Respond(HttpStatusCode.OK, VaultJson.DatabaseCreds);
        using VaultClient client = TestClients.Create(handler, new FakeTokenProvider("hvs.provider"));

        VaultResponse response = await client.UnwrapAsync(new SecretString("hvs.wrapping"), Ct);

        RecordedRequest request = Assert.Single(handler.RequestList);
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal("/v1/sys/wrapping/unwrap", request.PathAndQuery);
        Assert.Equal("hvs.wrapping", request.Header("X-Vault-Token"));
        Assert.Null(request.Body);
        Assert.Equal("database/creds/readonly/Xq3Zp9LkT2wB7cVn4sRm8HjD", response.LeaseId);
    }

    [Fact]
    public async Task UnwrapAsync_UsedToken_Throws400()
    {
        var handler = new FakeVaultHandler().Respond(HttpStatusCode.BadRequest, """{"errors":["wrapping token is not valid or does not exist"]}""");
        using VaultClient client = TestClients.Create(handler);

        var ex = await Assert.ThrowsAsync<VaultException>(() => client.UnwrapAsync(new SecretString("hvs.used"), Ct));

        Assert.True(ex.ErrorsContain("wrapping token is not valid"));
        Assert.DoesNotContain("hvs.used", ex.ToString(), StringComparison.Ordinal);
    }
}
