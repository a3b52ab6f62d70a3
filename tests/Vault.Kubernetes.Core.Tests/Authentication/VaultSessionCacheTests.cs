// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using Microsoft.Extensions.Time.Testing;
using Vault.Kubernetes.Authentication;
using Vault.Kubernetes.Http;
using Vault.Kubernetes.Secrets;
using Vault.Kubernetes.Sync;
using Vault.Kubernetes.Testing;

namespace Vault.Kubernetes.Core.Tests.Authentication;

/// <summary>The session cache over HTTP against the dev server: one login per identity however many targets, idle close, re-login re-issues that identity's leases.</summary>
public sealed class VaultSessionCacheTests : IAsyncLifetime
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(20);
    private static readonly string[] s_accounts = ["api", "worker", "billing"];
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 26, 8, 0, 0, TimeSpan.Zero));
    private readonly NullSink _sink = new();
    private VaultDevServer _server = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _server = await VaultDevServer.StartAsync(new VaultDevServerOptions { TimeProvider = _time }, Ct);
        _server.SetPolicy("app", """path "secret/data/*" { capabilities = ["read"] } path "secret/metadata/*" { capabilities = ["read"] } path "database/creds/app" { capabilities = ["read"] }""");
        _server.Kubernetes.EnableAuth();
        _server.Kubernetes.WriteRole("app", new Dictionary<string, object?>
        {
            ["bound_service_account_names"] = string.Join(",", s_accounts),
            ["bound_service_account_namespaces"] = "shop",
            ["token_policies"] = "app",
            ["token_ttl"] = "1h",
            ["token_max_ttl"] = "24h",
        });
        _server.Database.EnableEngine();
        _server.Database.WriteRole("app", new Dictionary<string, object?> { ["db_name"] = "postgres", ["creation_statements"] = "CREATE ROLE", ["default_ttl"] = "1h", ["max_ttl"] = "24h" });
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task HundredTargets_ThreeIdentities_ThreeLogins()
    {
        for (int i = 0; i < 100; i++)
        {
            _server.WriteKvSecret("secret", $"app{i}", new Dictionary<string, object?> { ["k"] = $"v{i}" });
        }

        await using VaultSessionCache cache = CreateCache();
        await using SecretSyncEngine engine = new(cache, _sink, new SecretSyncEngineOptions { MaxConcurrency = 16 }, loggerFactory: null, _time, () => 0.5);
        for (int i = 0; i < 100; i++)
        {
            engine.AddOrUpdate(new SecretSyncTarget($"t{i}", [new SecretSpec("s", $"secret/app{i}", SecretSourceKind.KvV2)], Identity(s_accounts[i % 3])));
        }

        await engine.WhenIdleAsync(Ct).WaitAsync(s_wait, Ct);

        Assert.Equal(100, _sink.Writes);
        Assert.Equal(3, _server.RequestLog.Count(e => e.Path == "auth/kubernetes/login"));
        Assert.Equal(3, cache.SessionCount);
        Assert.Equal(1, cache.ClientCount);
        Assert.All(engine.GetTargetStates(), s => Assert.Equal(SecretTargetHealth.Healthy, s.Health));
        Assert.Contains("system:serviceaccount:shop:worker", engine.GetTargetState("t1")!.Identity, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Handle_ReleasedThenIdle_ClosesSessionAfterIdleTimeout_ReacquiredBeforeThatKeepsIt()
    {
        await using VaultSessionCache cache = CreateCache(TimeSpan.FromMinutes(5));
        VaultIdentity identity = Identity("api");

        VaultSessionHandle first = cache.Acquire(identity);
        await first.Session.GetTokenAsync(Ct);
        first.Dispose();
        _time.Advance(TimeSpan.FromMinutes(4));
        VaultSessionHandle second = cache.Acquire(identity);

        Assert.Same(first.Session, second.Session);
        second.Dispose();
        second.Dispose();
        _time.Advance(TimeSpan.FromMinutes(5));
        await cache.WhenClosedAsync().WaitAsync(s_wait, Ct);
        Assert.Equal(0, cache.SessionCount);
        Assert.Equal(0, cache.ClientCount);

        using VaultSessionHandle third = cache.Acquire(identity);
        Assert.NotSame(first.Session, third.Session);
        await third.Session.GetTokenAsync(Ct);
        Assert.Equal(2, _server.RequestLog.Count(e => e.Path == "auth/kubernetes/login"));
    }

    [Fact]
    public async Task Identity_RevokeOnDispose_ClosingTheSessionRevokesItsToken()
    {
        await using var cache = new VaultSessionCache(new VaultSessionCacheOptions { IdleTimeout = TimeSpan.Zero, Session = { RevokeOnDispose = true } }, loggerFactory: null, _time);
        VaultSessionHandle handle = cache.Acquire(Identity("api"));
        string token = (await handle.Session.GetTokenAsync(Ct)).Reveal();

        handle.Dispose();
        await cache.WhenClosedAsync().WaitAsync(s_wait, Ct);

        Assert.False(_server.IsTokenValid(token));
    }

    [Fact]
    public async Task ReLogin_ReissuesLeasesOfThatIdentityOnly()
    {
        await using VaultSessionCache cache = CreateCache();
        await using SecretSyncEngine engine = new(cache, _sink, new SecretSyncEngineOptions(), loggerFactory: null, _time, () => 0.5);
        VaultIdentity api = Identity("api");
        VaultIdentity worker = Identity("worker");
        engine.AddOrUpdate(new SecretSyncTarget("api", [new SecretSpec("db", "database/creds/app", SecretSourceKind.Dynamic)], api));
        engine.AddOrUpdate(new SecretSyncTarget("worker", [new SecretSpec("db", "database/creds/app", SecretSourceKind.Dynamic)], worker));
        await engine.WhenIdleAsync(Ct).WaitAsync(s_wait, Ct);
        string apiLease = engine.GetState("api")!.LeaseId!;
        string workerLease = engine.GetState("worker")!.LeaseId!;
        Assert.NotEqual(apiLease, workerLease);

        // Vault revokes the token and every lease it created; the next request re-logs in, and the engine re-issues api's leases.
        using (VaultSessionHandle handle = cache.Acquire(api))
        {
            _server.RevokeToken((await handle.Session.GetTokenAsync(Ct)).Reveal());
            await handle.Session.OnTokenRejectedAsync(await handle.Session.GetTokenAsync(Ct), Ct);
            await handle.Session.GetTokenAsync(Ct);
        }

        for (int i = 0; i < 10; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            await engine.WhenIdleAsync(Ct).WaitAsync(s_wait, Ct);
        }

        Assert.NotEqual(apiLease, engine.GetState("api")!.LeaseId);
        Assert.Equal(workerLease, engine.GetState("worker")!.LeaseId);
        Assert.Equal(SecretTargetHealth.Healthy, engine.GetTargetState("api")!.Health);
    }

    [Fact]
    public async Task TokenAndLeaseAtTheirMaxTtl_OneSetOfCredentialsPerLogin_NotTwo()
    {
        await using VaultSessionCache cache = CreateCache();
        await using SecretSyncEngine engine = new(cache, _sink, new SecretSyncEngineOptions(), loggerFactory: null, _time, () => 0.5);
        engine.AddOrUpdate(new SecretSyncTarget("api", [new SecretSpec("db", "database/creds/app", SecretSourceKind.Dynamic)], Identity("api")));
        await engine.WhenIdleAsync(Ct).WaitAsync(s_wait, Ct);

        // Token and lease both end 24 h after the first login. A re-issue planned just before that, under the old token, would
        // give credentials that die with it and need issuing again right after the re-login; it waits for the re-login instead.
        for (int minute = 0; minute < 48 * 60; minute++)
        {
            _time.Advance(TimeSpan.FromMinutes(1));
            await cache.WhenIdleAsync(Ct).WaitAsync(s_wait, Ct);
            await engine.WhenIdleAsync(Ct).WaitAsync(s_wait, Ct);
            Assert.Equal(SecretTargetHealth.Healthy, engine.GetTargetState("api")!.Health);
        }

        int logins = _server.RequestLog.Count(e => e.Path == "auth/kubernetes/login");
        int issued = _server.RequestLog.Count(e => e.Path == "database/creds/app");
        Assert.Equal(3, logins);
        Assert.Equal(logins, issued);
    }

    [Fact]
    public void Identity_KeyAndToString_NeverHoldAToken()
    {
        var connection = new VaultClientOptions { Address = new Uri("https://vault:8200") };
        var identity = VaultIdentity.ForToken(connection, new SecretString("hvs.super-secret-token"));

        Assert.DoesNotContain("super-secret", identity.Key, StringComparison.Ordinal);
        Assert.DoesNotContain("super-secret", identity.ToString(), StringComparison.Ordinal);
        Assert.Equal(identity, VaultIdentity.ForToken(connection, new SecretString("hvs.super-secret-token")));
        Assert.NotEqual(identity, VaultIdentity.ForToken(connection, new SecretString("hvs.other")));
    }

    [Fact]
    public void Identity_FromOptions_TokenOrKubernetes_AndErrorsNameTheSetting()
    {
        var kubernetes = VaultIdentity.FromOptions(new VaultConnectionOptions { Address = "https://vault:8200", Kubernetes = { Role = "app", TokenPath = "/t" } });
        Assert.Equal("kubernetes", kubernetes.AuthMount);
        Assert.Equal("app", kubernetes.Role);
        Assert.Equal("file:/t", kubernetes.Subject);

        var fromEnvironment = VaultIdentity.FromOptions(new VaultConnectionOptions { Token = "hvs.x" }, name => name == "VAULT_ADDR" ? "http://127.0.0.1:8200" : null);
        Assert.Equal("token", fromEnvironment.AuthMount);

        var noAddress = Assert.Throws<ArgumentException>(() => VaultIdentity.FromOptions(new VaultConnectionOptions { Token = "t" }, _ => null));
        Assert.Contains("Address", noAddress.Message, StringComparison.Ordinal);
        var noRole = Assert.Throws<ArgumentException>(() => VaultIdentity.FromOptions(new VaultConnectionOptions { Address = "https://vault:8200" }));
        Assert.Contains("Kubernetes:Role", noRole.Message, StringComparison.Ordinal);
    }

    private VaultSessionCache CreateCache(TimeSpan? idle = null) =>
        new(new VaultSessionCacheOptions { IdleTimeout = idle ?? TimeSpan.FromMinutes(5), ClientFactory = o => new VaultClient(o, timeProvider: _time) }, loggerFactory: null, _time, () => 0.5);

    private VaultIdentity Identity(string serviceAccount) => VaultIdentity.ForKubernetes(
        new VaultClientOptions { Address = _server.Address },
        "app",
        new DelegateServiceAccountTokenSource(_ => ValueTask.FromResult(_server.Kubernetes.IssueToken("shop", serviceAccount))),
        $"system:serviceaccount:shop:{serviceAccount}");

    private sealed class NullSink : ISecretSink
    {
        public int Writes;

        public ValueTask WriteAsync(SecretTargetContent content, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref Writes);
            return ValueTask.CompletedTask;
        }

        public ValueTask RemoveAsync(SecretSyncTarget target, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;
    }
}
