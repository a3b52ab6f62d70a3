// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Net;
using Vault.Kubernetes.Http;
using Vault.Kubernetes.Secrets;
using Vault.Kubernetes.Testing;

namespace Vault.Kubernetes.Core.Tests.Http;

public sealed class VaultClientTokenProviderTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ReadAsync_WithProvider_SendsProviderToken()
    {
        var handler = new FakeVaultHandler().Respond(HttpStatusCode.OK, VaultJson.DatabaseCreds);
        var provider = new FakeTokenProvider("hvs.first");
        using VaultClient client = TestClients.Create(handler, provider);

        await client.ReadAsync("database/creds/readonly", Ct);

        Assert.Equal("hvs.first", Assert.Single(handler.RequestList).Header("X-Vault-Token"));
        Assert.Same(provider, client.TokenProvider);
    }

    [Fact]
    public async Task ReadAsync_InvalidToken_RejectsTokenAndRetriesOnceWithFreshToken()
    {
        var handler = new FakeVaultHandler()
            .Respond(HttpStatusCode.Forbidden, VaultJson.InvalidToken)
            .Respond(HttpStatusCode.OK, VaultJson.DatabaseCreds);
        var provider = new FakeTokenProvider("hvs.revoked", "hvs.fresh");
        using VaultClient client = TestClients.Create(handler, provider);

        VaultResponse? response = await client.ReadAsync("database/creds/readonly", Ct);

        Assert.NotNull(response);
        Assert.Equal(["hvs.revoked"], provider.Rejected);
        Assert.Equal(["hvs.revoked", "hvs.fresh"], handler.RequestList.Select(r => r.Header("X-Vault-Token")));
    }

    [Fact]
    public async Task ReadAsync_InvalidTokenTwice_ThrowsAfterOneRetry()
    {
        var handler = new FakeVaultHandler().Always(HttpStatusCode.Forbidden, VaultJson.InvalidToken);
        var provider = new FakeTokenProvider("hvs.a", "hvs.b", "hvs.c");
        using VaultClient client = TestClients.Create(handler, provider);

        var ex = await Assert.ThrowsAsync<VaultException>(() => client.ReadAsync("secret/data/app", Ct));

        Assert.True(ex.IsInvalidToken);
        Assert.True(ex.IsPermissionDenied);
        Assert.Equal(2, handler.Requests.Count);
        Assert.Equal(["hvs.a"], provider.Rejected);
    }

    [Fact]
    public async Task ReadAsync_PermissionDeniedWithoutInvalidToken_DoesNotRejectToken()
    {
        var handler = new FakeVaultHandler().Always(HttpStatusCode.Forbidden, VaultJson.PermissionDeniedMultierror);
        var provider = new FakeTokenProvider("hvs.valid");
        using VaultClient client = TestClients.Create(handler, provider);

        var ex = await Assert.ThrowsAsync<VaultException>(() => client.ReadAsync("secret/data/app", Ct));

        Assert.True(ex.IsPermissionDenied);
        Assert.False(ex.IsInvalidToken);
        Assert.Single(handler.RequestList);
        Assert.Empty(provider.Rejected);
    }

    [Fact]
    public async Task GetKvMountAsync_TokenRevokedOnDevServer_RejectsTokenAndRetriesOnceWithFreshToken()
    {
        // sys/internal/ui/mounts is unauthenticated but still answers a revoked token with 403 "invalid token", so the
        // mount lookup (the first call a KV source makes) already triggers the re-login.
        await using VaultDevServer server = await VaultDevServer.StartAsync(cancellationToken: Ct);
        server.SetPolicy("kv-reader", """path "secret/data/app" { capabilities = ["read"] }""");
        string revoked = server.CreateToken(["kv-reader"]);
        string fresh = server.CreateToken(["kv-reader"]);
        server.RevokeToken(revoked);
        var provider = new FakeTokenProvider(revoked, fresh);
        var options = new VaultClientOptions { Address = server.Address, RetryDelay = TimeSpan.Zero };
        using var http = new HttpClient();
        using var owner = new VaultClient(options, http, loggerFactory: null, timeProvider: null, _ => null, randomizer: () => 0.5);
        using VaultClient client = owner.WithTokenProvider(provider);

        KvMountInfo mount = await client.GetKvMountAsync("secret/app", Ct);

        Assert.Equal(("secret", 2), (mount.Path, mount.EngineVersion));
        Assert.Equal([revoked], provider.Rejected);
    }

    [Fact]
    public async Task LookupSelfAsync_InvalidToken_DoesNotUseProvider()
    {
        var handler = new FakeVaultHandler().Always(HttpStatusCode.Forbidden, VaultJson.InvalidToken);
        var provider = new FakeTokenProvider("hvs.provider");
        using VaultClient client = TestClients.Create(handler, provider);

        var ex = await Assert.ThrowsAsync<VaultException>(() => client.LookupSelfAsync(new Vault.Kubernetes.Http.SecretString("hvs.explicit"), Ct));

        Assert.True(ex.IsInvalidToken);
        Assert.Equal("hvs.explicit", Assert.Single(handler.RequestList).Header("X-Vault-Token"));
        Assert.Empty(provider.Rejected);
        Assert.Equal(0, provider.GetCount);
    }

    [Fact]
    public async Task ReadAsync_NoProvider_ThrowsInvalidOperationNamingTheFix()
    {
        var handler = new FakeVaultHandler();
        using VaultClient client = TestClients.Create(handler);

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => client.ReadAsync("secret/data/app", Ct));

        Assert.Contains("WithTokenProvider", ex.Message, StringComparison.Ordinal);
        Assert.Contains("secret/data/app", ex.Message, StringComparison.Ordinal);
        Assert.Empty(handler.RequestList);
    }

    [Fact]
    public async Task WithTokenProvider_SharesTransportAndOriginalStaysTokenless()
    {
        var handler = new FakeVaultHandler().Always(HttpStatusCode.OK, VaultJson.DatabaseCreds);
        using VaultClient root = TestClients.Create(handler);
        VaultClient withToken = root.WithTokenProvider(new FakeTokenProvider("hvs.t"));

        withToken.Dispose();
        await withToken.ReadAsync("database/creds/readonly", Ct);

        Assert.Equal(root.Address, withToken.Address);
        Assert.Null(root.TokenProvider);
        Assert.Single(handler.RequestList);
    }
}
