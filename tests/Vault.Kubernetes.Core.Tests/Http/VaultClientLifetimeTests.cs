// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Net;
using Moq;
using Vault.Kubernetes.Http;
using Vault.Kubernetes.Secrets;

namespace Vault.Kubernetes.Core.Tests.Http;

public sealed class VaultClientLifetimeTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Dispose_Root_LaterRequestsThrowObjectDisposed()
    {
        var handler = new FakeVaultHandler().Always(HttpStatusCode.OK, VaultJson.KvV2());
        VaultClient root = TestClients.Create(handler);
        VaultClient derived = root.WithTokenProvider(new FakeTokenProvider("hvs.t"));

        root.Dispose();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => derived.ReadAsync("secret/data/app", Ct));
        Assert.Empty(handler.RequestList);
    }

    [Fact]
    public async Task Dispose_CallerHttpClient_NotDisposed()
    {
        var handler = new FakeVaultHandler().Always(HttpStatusCode.OK, VaultJson.KvV2());
        using var httpClient = new HttpClient(handler);
        var client = new VaultClient(new VaultClientOptions { Address = new Uri(TestClients.Address) }, httpClient);

        client.Dispose();

        using HttpResponseMessage response = await httpClient.GetAsync(new Uri(TestClients.Address + "/v1/sys/health"), Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Mock_ProtectedConstructorAndVirtualMembers_ConsumersCanFakeTheClient()
    {
        var mock = new Mock<VaultClient>();
        mock.Setup(c => c.LoginKubernetesAsync("app", It.IsAny<SecretString>(), "kubernetes", It.IsAny<CancellationToken>()))
            .ReturnsAsync(VaultModelFactory.VaultResponse(auth: VaultModelFactory.VaultAuthInfo(new SecretString("hvs.fake"), TimeSpan.FromHours(1), renewable: true)));

        VaultResponse login = await mock.Object.LoginKubernetesAsync("app", new SecretString("jwt"), cancellationToken: Ct);

        Assert.Equal(TimeSpan.FromHours(1), login.Auth!.LeaseDuration);
    }

    // KV reads are extension methods (Vault.Kubernetes.Secrets), which Moq cannot set up; consumers fake them one
    // level down, with an HttpMessageHandler, or one level up, with an IVaultSecretSource.
    [Fact]
    public async Task ReadKvV2Async_FakeHandler_ConsumersCanFakeKvReads()
    {
        var handler = new FakeVaultHandler().Always(
            HttpStatusCode.OK, """{"data":{"data":{"k":"v"},"metadata":{"version":2,"created_time":"","deletion_time":"","destroyed":false}}}""");
        using VaultClient client = TestClients.Create(handler, new FakeTokenProvider("hvs.t"));

        KvSecret read = await client.ReadKvV2Async("secret", "app", cancellationToken: Ct);

        Assert.Equal("v", read.Data["k"].GetString());
    }

    [Fact]
    public void Address_MockWithoutSetup_ThrowsClearError()
    {
        var client = new Mock<VaultClient> { CallBase = true }.Object;

        var ex = Assert.Throws<InvalidOperationException>(() => client.Address);

        Assert.Contains("mocking", ex.Message, StringComparison.Ordinal);
    }
}
