// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Net;
using System.Text.Json;
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
        KvSecret secret = VaultModelFactory.KvSecret(
            "secret", "app", data: new Dictionary<string, JsonElement> { ["k"] = JsonDocument.Parse("\"v\"").RootElement }, version: 2);
        mock.Setup(c => c.ReadKvV2Async("secret", "app", null, It.IsAny<CancellationToken>())).ReturnsAsync(secret);
        mock.Setup(c => c.LoginKubernetesAsync("app", It.IsAny<SecretString>(), "kubernetes", It.IsAny<CancellationToken>()))
            .ReturnsAsync(VaultModelFactory.VaultResponse(auth: VaultModelFactory.VaultAuthInfo(new SecretString("hvs.fake"), TimeSpan.FromHours(1), renewable: true)));

        KvSecret read = await mock.Object.ReadKvV2Async("secret", "app", cancellationToken: Ct);
        VaultResponse login = await mock.Object.LoginKubernetesAsync("app", new SecretString("jwt"), cancellationToken: Ct);

        Assert.Equal("v", read.Data["k"].GetString());
        Assert.Equal(TimeSpan.FromHours(1), login.Auth!.LeaseDuration);
    }

    [Fact]
    public void Address_MockWithoutSetup_ThrowsClearError()
    {
        var client = new Mock<VaultClient> { CallBase = true }.Object;

        var ex = Assert.Throws<InvalidOperationException>(() => client.Address);

        Assert.Contains("mocking", ex.Message, StringComparison.Ordinal);
    }
}
