// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using Vault.Kubernetes.Testing.Tests.Infrastructure;

namespace Vault.Kubernetes.Testing.Tests;

public sealed class FaultTests
{
    [Fact]
    public async Task FailNextRequests_FailsExactlyThatManyThenRecovers()
    {
        await using VaultTarget vault = await VaultTarget.StartAsync();
        vault.RequireServer().Faults.FailNextRequests(2, 500);

        VaultReply first = await vault.GetAsync("auth/token/lookup-self");
        VaultReply second = await vault.GetAsync("auth/token/lookup-self");
        VaultReply third = await vault.GetAsync("auth/token/lookup-self");

        Assert.Equal(500, first.Status);
        Assert.Contains("internal error", first.Errors);
        Assert.Equal(500, second.Status);
        Assert.Equal(200, third.Status);
    }

    [Fact]
    public async Task FailNextRequests_WithPathPrefix_OnlyAffectsMatchingPaths()
    {
        await using VaultTarget vault = await VaultTarget.StartAsync();
        vault.RequireServer().Faults.FailNextRequests(1, 502, pathPrefix: "secret/");

        VaultReply other = await vault.GetAsync("auth/token/lookup-self");
        VaultReply matching = await vault.GetAsync("secret/data/x");

        Assert.Equal(200, other.Status);
        Assert.Equal(502, matching.Status);
    }

    [Fact]
    public async Task FailNextRequests_412_UsesIndexStateText()
    {
        await using VaultTarget vault = await VaultTarget.StartAsync();
        vault.RequireServer().Faults.FailNextRequests(1, 412);

        VaultReply reply = await vault.GetAsync("secret/data/x");

        reply.AssertError(412, "required index state not present");
    }

    [Fact]
    public async Task FailFraction_UsesInjectedRandomSource()
    {
        var samples = new Queue<double>([0.1, 0.9, 0.2, 0.7]);
        await using VaultTarget vault = await VaultTarget.StartAsync(new VaultDevServerOptions { RandomSource = samples.Dequeue });
        vault.RequireServer().Faults.FailFraction(0.5, 503);

        int[] statuses = new int[4];
        for (int i = 0; i < statuses.Length; i++)
        {
            statuses[i] = (await vault.GetAsync("auth/token/lookup-self")).Status;
        }

        Assert.Equal([503, 200, 503, 200], statuses);
    }

    [Fact]
    public async Task RateLimit_Returns429WithRetryAfter()
    {
        await using VaultTarget vault = await VaultTarget.StartAsync();
        vault.RequireServer().Faults.RateLimitNextRequests(1, TimeSpan.FromSeconds(7));

        VaultReply limited = await vault.GetAsync("secret/data/app");
        VaultReply next = await vault.GetAsync("auth/token/lookup-self");

        Assert.Equal(429, limited.Status);
        Assert.Equal(TimeSpan.FromSeconds(7), limited.Headers.RetryAfter!.Delta);
        Assert.Contains(limited.Errors, e => e.Contains("request path \"secret/data/app\": rate limit quota exceeded", StringComparison.Ordinal));
        Assert.Equal(200, next.Status);
    }

    [Fact]
    public async Task Seal_EveryApiCallReturns503VaultIsSealed_UntilUnsealed()
    {
        await using VaultTarget vault = await VaultTarget.StartAsync();
        VaultDevServer server = vault.RequireServer();
        server.Faults.Seal();

        VaultReply sealedReply = await vault.GetAsync("secret/data/x");
        server.Faults.Unseal();
        VaultReply unsealed = await vault.GetAsync("auth/token/lookup-self");

        Assert.Equal(503, sealedReply.Status);
        Assert.Contains("Vault is sealed", sealedReply.Errors);
        Assert.Equal(200, unsealed.Status);
    }

    [Fact]
    public async Task Standby_Returns307ToActiveWithSamePathAndQuery_WhichServesIt()
    {
        const string Root = "root-shared";
        await using VaultTarget active = await VaultTarget.StartAsync(new VaultDevServerOptions { RootTokenId = Root });
        await using VaultTarget standby = await VaultTarget.StartAsync(new VaultDevServerOptions { RootTokenId = Root });
        active.RequireServer().WriteKvSecret("secret", "app", new Dictionary<string, object?> { ["a"] = "1" });
        standby.RequireServer().Faults.RedirectToActive(active.Address);

        VaultReply redirect = await standby.GetAsync("secret/data/app?version=1");

        Assert.Equal(307, redirect.Status);
        Uri location = redirect.Headers.Location!;
        Assert.Equal(new Uri(active.Address, "v1/secret/data/app?version=1"), location);
        using var follow = new HttpRequestMessage(HttpMethod.Get, location);
        follow.Headers.Add("X-Vault-Token", Root);
        using HttpResponseMessage followed = await active.Http.SendAsync(follow, TestContext.Current.CancellationToken);
        Assert.Equal(200, (int)followed.StatusCode);
    }

    [Fact]
    public async Task DropNextConnections_AbortsWithoutResponse_AndLogsStatusZero()
    {
        await using VaultTarget vault = await VaultTarget.StartAsync();
        VaultDevServer server = vault.RequireServer();
        server.Faults.DropNextConnections(1);

        await Assert.ThrowsAsync<HttpRequestException>(() => vault.GetAsync("secret/data/x"));
        VaultReply next = await vault.GetAsync("auth/token/lookup-self");

        Assert.Equal(200, next.Status);
        Assert.Contains(server.RequestLog, e => e.Path == "secret/data/x" && e.StatusCode == 0);
    }

    [Fact]
    public async Task Outage_WindowOnServerClock_DropsThenRecovers()
    {
        var clock = Clocks.Fake();
        await using VaultTarget vault = await VaultTarget.StartAsync(new VaultDevServerOptions { TimeProvider = clock });
        DateTimeOffset start = clock.GetUtcNow().AddMinutes(1);
        vault.RequireServer().Faults.AddOutage(start, start.AddMinutes(1));

        VaultReply before = await vault.GetAsync("auth/token/lookup-self");
        clock.Advance(TimeSpan.FromMinutes(1));
        await Assert.ThrowsAsync<HttpRequestException>(() => vault.GetAsync("auth/token/lookup-self"));
        clock.Advance(TimeSpan.FromMinutes(1));
        VaultReply after = await vault.GetAsync("auth/token/lookup-self");

        Assert.Equal(200, before.Status);
        Assert.Equal(200, after.Status);
    }

    [Fact]
    public async Task Outage_WithStatus_AnswersThatStatus()
    {
        var clock = Clocks.Fake();
        await using VaultTarget vault = await VaultTarget.StartAsync(new VaultDevServerOptions { TimeProvider = clock });
        vault.RequireServer().Faults.AddOutage(clock.GetUtcNow(), clock.GetUtcNow().AddMinutes(5), 503);

        VaultReply during = await vault.GetAsync("auth/token/lookup-self");

        Assert.Equal(503, during.Status);
    }

    [Fact]
    public async Task Latency_DelaysResponseUntilLatencyClockAdvances()
    {
        var latencyClock = new SignalingTimeProvider();
        await using VaultTarget vault = await VaultTarget.StartAsync(new VaultDevServerOptions { LatencyTimeProvider = latencyClock });
        vault.RequireServer().Faults.SetLatency(TimeSpan.FromSeconds(5), "auth/");

        Task<VaultReply> pending = vault.GetAsync("auth/token/lookup-self");
        await latencyClock.TimerCreated.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        Assert.False(pending.IsCompleted);
        latencyClock.Advance(TimeSpan.FromSeconds(5));
        VaultReply reply = await pending.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        Assert.Equal(200, reply.Status);
    }

    [Fact]
    public async Task Reset_ClearsEveryFault()
    {
        await using VaultTarget vault = await VaultTarget.StartAsync();
        VaultDevServerFaults faults = vault.RequireServer().Faults;
        faults.FailNextRequests(5);
        faults.Seal();
        faults.RedirectToActive(new Uri("http://127.0.0.1:1/"));

        faults.Reset();

        Assert.Equal(200, (await vault.GetAsync("auth/token/lookup-self")).Status);
        Assert.False(faults.IsSealed);
        Assert.Null(faults.StandbyActiveAddress);
    }

    [Fact]
    public void Faults_InvalidArguments_Throw()
    {
        var faults = new VaultDevServerFaults(TimeProvider.System, () => 0);

        Assert.Throws<ArgumentOutOfRangeException>(() => faults.FailNextRequests(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => faults.FailNextRequests(1, 200));
        Assert.Throws<ArgumentOutOfRangeException>(() => faults.FailFraction(1.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => faults.SetLatency(TimeSpan.FromSeconds(-1)));
        Assert.Throws<ArgumentException>(() => faults.AddOutage(DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch));
    }
}
