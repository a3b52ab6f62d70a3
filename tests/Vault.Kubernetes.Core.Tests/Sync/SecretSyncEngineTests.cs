// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using Vault.Kubernetes.Secrets;
using Vault.Kubernetes.Sync;

namespace Vault.Kubernetes.Core.Tests.Sync;

public sealed class SecretSyncEngineTests
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(10);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 26, 8, 0, 0, TimeSpan.Zero));
    private readonly RecordingSecretSink _sink = new();
    private readonly FakeVaultSecretSource _vault;

    public SecretSyncEngineTests()
    {
        _vault = new FakeVaultSecretSource(_time);
    }

    [Fact]
    public async Task DynamicSecret_OneHourTtlTwentyFourHourMax_RenewsEveryFortyMinutesAndRotatesBeforeExpiry()
    {
        _vault.DefineRole("database/creds/app", TimeSpan.FromHours(1), TimeSpan.FromHours(24));
        await using SecretSyncEngine engine = CreateEngine();
        var renewedAt = new List<DateTimeOffset>();
        int rotations = 0;
        engine.SyncEvent += (_, e) =>
        {
            if (e.Kind == SecretSyncEventKind.Renewed)
            {
                lock (renewedAt)
                {
                    renewedAt.Add(e.Timestamp);
                }
            }
            else if (e.Kind == SecretSyncEventKind.Rotated)
            {
                Interlocked.Increment(ref rotations);
            }
        };

        engine.AddOrUpdate(new SecretSpec("db", "database/creds/app", SecretSourceKind.Dynamic));
        await IdleAsync(engine);

        // Jump from action to action over three simulated days; between actions the sink must hold valid credentials.
        DateTimeOffset end = _time.GetUtcNow() + TimeSpan.FromDays(3);
        while (_time.GetUtcNow() < end)
        {
            DateTimeOffset next = engine.GetState("db")!.NextActionAt!.Value;
            IReadOnlyDictionary<string, string> held = _sink.Get("db")!;
            string leaseId = engine.GetState("db")!.LeaseId!;
            FakeVaultSecretSource.Lease lease = _vault.FindLease(leaseId)!;
            Assert.Equal(lease.Username, held["username"]);
            Assert.True(lease.ExpiresAt > next, $"credentials in the sink expire at {lease.ExpiresAt:O}, before the next action at {next:O}");
            Assert.True(_vault.IsValid(held["username"], held["password"]));

            _time.Advance(next - _time.GetUtcNow());
            await IdleAsync(engine);
        }

        // 72 hours of 24-hour leases: two or three re-issues, each before the 24h cap.
        Assert.InRange(rotations, 2, 3);

        // Within each lease, renewals come about every 40 minutes (2/3 of 1h, minus jitter), never later.
        TimeSpan[] gaps = [.. _vault.AllLeases.SelectMany(l => l.RenewedAt.Prepend(l.IssuedAt).Zip(l.RenewedAt, (a, b) => b - a))];
        Assert.True(gaps.Length > 100, $"only {gaps.Length} renewals");
        Assert.Equal(gaps.Length, renewedAt.Count);
        Assert.InRange(gaps.Average(g => g.TotalMinutes), 37, 40);
        Assert.All(gaps, g => Assert.InRange(g.TotalMinutes, 1, 40));
    }

    [Fact]
    public async Task KvV2Secret_ChangedInVault_ReachesSinkWithinOneRefreshInterval()
    {
        _vault.PutKv("secret/app", new() { ["apiKey"] = "one" });
        await using SecretSyncEngine engine = CreateEngine(o => o.LeasePlan.RefreshInterval = TimeSpan.FromMinutes(5));
        engine.AddOrUpdate(new SecretSpec("app", "secret/app", SecretSourceKind.KvV2));
        await IdleAsync(engine);
        Assert.Equal("one", _sink.Get("app")!["apiKey"]);

        _vault.PutKv("secret/app", new() { ["apiKey"] = "two" });
        await AdvanceAsync(engine, TimeSpan.FromMinutes(5));

        Assert.Equal("two", _sink.Get("app")!["apiKey"]);
        Assert.Equal(2, engine.GetState("app")!.Version);
        Assert.Equal(2, _sink.Writes);
    }

    [Fact]
    public async Task KvV2Secret_NoChange_ChecksVersionOnlyAndWritesNothing()
    {
        _vault.PutKv("secret/app", new() { ["apiKey"] = "one" });
        await using SecretSyncEngine engine = CreateEngine(o => o.LeasePlan.RefreshInterval = TimeSpan.FromMinutes(5));
        int unchanged = 0;
        engine.SyncEvent += (_, e) => Interlocked.Add(ref unchanged, e.Kind == SecretSyncEventKind.Unchanged ? 1 : 0);
        engine.AddOrUpdate(new SecretSpec("app", "secret/app", SecretSourceKind.KvV2));
        await IdleAsync(engine);

        for (int i = 0; i < 12; i++)
        {
            await AdvanceAsync(engine, TimeSpan.FromMinutes(5));
        }

        Assert.Equal(1, _sink.Writes);
        Assert.Equal(1, _vault.Reads);
        Assert.Equal(12, _vault.VersionChecks);
        Assert.Equal(12, unchanged);
    }

    [Fact]
    public async Task KvV1Secret_SameContentReRead_WritesNothing()
    {
        _vault.PutKv("kv/app", new() { ["user"] = "svc" });
        await using SecretSyncEngine engine = CreateEngine();
        engine.AddOrUpdate(new SecretSpec("app", "kv/app", SecretSourceKind.KvV1));
        await IdleAsync(engine);

        // Re-put the same data: a new version, but identical content, so the content hash stops the write.
        _vault.PutKv("kv/app", new() { ["user"] = "svc" });
        await AdvanceAsync(engine, TimeSpan.FromMinutes(5));

        Assert.Equal(2, _vault.Reads);
        Assert.Equal(1, _sink.Writes);
    }

    [Fact]
    public async Task Outage_KeepsLastKnownGoodAndRecoversByItself()
    {
        _vault.PutKv("secret/app", new() { ["apiKey"] = "one" });
        await using SecretSyncEngine engine = CreateEngine(o => o.LeasePlan.RefreshInterval = TimeSpan.FromMinutes(1));
        engine.AddOrUpdate(new SecretSpec("app", "secret/app", SecretSourceKind.KvV2));
        await IdleAsync(engine);

        _vault.Outage = true;
        _vault.PutKv("secret/app", new() { ["apiKey"] = "two" });
        for (int i = 0; i < 30; i++)
        {
            await AdvanceAsync(engine, TimeSpan.FromMinutes(1));
        }

        SecretSyncState failing = engine.GetState("app")!;
        Assert.Equal("one", _sink.Get("app")!["apiKey"]);
        Assert.True(failing.HasValue);
        Assert.True(failing.ConsecutiveFailures >= 3);
        Assert.Contains("Connection refused", failing.LastError, StringComparison.Ordinal);

        // Backoff is bounded, so recovery comes within the maximum retry delay (5 minutes by default).
        _vault.Outage = false;
        for (int i = 0; i < 6 && _sink.Get("app")!["apiKey"] != "two"; i++)
        {
            await AdvanceAsync(engine, TimeSpan.FromMinutes(1));
        }

        Assert.Equal("two", _sink.Get("app")!["apiKey"]);
        Assert.Equal(0, engine.GetState("app")!.ConsecutiveFailures);
        Assert.Null(engine.GetState("app")!.LastError);
    }

    [Fact]
    public async Task FailedFirstFetch_ReportsFailureAsResultNotException()
    {
        await using SecretSyncEngine engine = CreateEngine();
        engine.AddOrUpdate(new SecretSpec("missing", "secret/missing", SecretSourceKind.KvV2));

        IReadOnlyList<SecretSyncResult> results = await engine.SyncAllAsync(TestContext.Current.CancellationToken);

        SecretSyncResult result = Assert.Single(results);
        Assert.False(result.Succeeded);
        Assert.Contains("secret/missing", result.Error!.Message, StringComparison.Ordinal);
        Assert.Null(_sink.Get("missing"));
        Assert.False(engine.GetState("missing")!.HasValue);
    }

    [Fact]
    public async Task SinkWriteFails_RetriesAndWritesLater()
    {
        _vault.PutKv("secret/app", new() { ["apiKey"] = "one" });
        _sink.FailWrites = true;
        await using SecretSyncEngine engine = CreateEngine();
        engine.AddOrUpdate(new SecretSpec("app", "secret/app", SecretSourceKind.KvV2));
        await IdleAsync(engine);
        Assert.Equal(1, engine.GetState("app")!.ConsecutiveFailures);

        _sink.FailWrites = false;
        await AdvanceAsync(engine, TimeSpan.FromSeconds(2));

        Assert.Equal("one", _sink.Get("app")!["apiKey"]);
    }

    [Fact]
    public async Task RemoveAsync_RemovesFromSinkAndStopsSchedule()
    {
        _vault.PutKv("secret/app", new() { ["apiKey"] = "one" });
        await using SecretSyncEngine engine = CreateEngine();
        engine.AddOrUpdate(new SecretSpec("app", "secret/app", SecretSourceKind.KvV2));
        await IdleAsync(engine);

        Assert.True(await engine.RemoveAsync("app", TestContext.Current.CancellationToken));
        await AdvanceAsync(engine, TimeSpan.FromHours(1));

        Assert.Null(_sink.Get("app"));
        Assert.Equal(0, _vault.VersionChecks);
        Assert.Null(engine.GetState("app"));
        Assert.False(await engine.RemoveAsync("app", TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task AddOrUpdate_ReplacedSpec_ReadsNewPath()
    {
        _vault.PutKv("secret/a", new() { ["k"] = "a" });
        _vault.PutKv("secret/b", new() { ["k"] = "b" });
        await using SecretSyncEngine engine = CreateEngine();
        engine.AddOrUpdate(new SecretSpec("app", "secret/a", SecretSourceKind.KvV2));
        await IdleAsync(engine);

        engine.AddOrUpdate(new SecretSpec("app", "secret/b", SecretSourceKind.KvV2));
        await IdleAsync(engine);

        Assert.Equal("b", _sink.Get("app")!["k"]);
        Assert.Equal(["app"], engine.SpecNames);
    }

    [Fact]
    public async Task SyncAllAsync_ManySpecs_HonoursConcurrencyLimit()
    {
        var gate = new TaskCompletionSource();
        _vault.OnRead = () => gate.Task;
        for (int i = 0; i < 10; i++)
        {
            _vault.PutKv($"secret/s{i}", new() { ["k"] = $"{i}" });
        }

        await using SecretSyncEngine engine = CreateEngine(o => o.MaxConcurrency = 3);
        for (int i = 0; i < 10; i++)
        {
            engine.AddOrUpdate(new SecretSpec($"s{i}", $"secret/s{i}", SecretSourceKind.KvV2));
        }

        Task<IReadOnlyList<SecretSyncResult>> all = engine.SyncAllAsync(TestContext.Current.CancellationToken);
        gate.SetResult();
        IReadOnlyList<SecretSyncResult> results = await all.WaitAsync(s_wait, TestContext.Current.CancellationToken);
        await IdleAsync(engine);

        Assert.All(results, r => Assert.True(r.Succeeded));
        Assert.InRange(_vault.MaxInFlight, 1, 3);
        Assert.Equal(10, engine.GetStates().Count(s => s.HasValue));
    }

    [Fact]
    public async Task Rotation_RevokeReplacedLeaseAfterGrace_OldLeaseStaysValidUntilGraceEnds()
    {
        _vault.DefineRole("database/creds/app", TimeSpan.FromHours(1), TimeSpan.FromHours(1));
        await using SecretSyncEngine engine = CreateEngine(o => o.LeasePlan.RevokeOldLeaseAfter = TimeSpan.FromMinutes(5));
        engine.AddOrUpdate(new SecretSpec("db", "database/creds/app", SecretSourceKind.Dynamic));
        await IdleAsync(engine);
        string first = engine.GetState("db")!.LeaseId!;

        // Renewal cannot extend past the 1h max, so the engine re-issues before expiry.
        while (engine.GetState("db")!.LeaseId == first)
        {
            await AdvanceAsync(engine, engine.GetState("db")!.NextActionAt!.Value - _time.GetUtcNow());
        }

        Assert.False(_vault.FindLease(first)!.Revoked);
        Assert.True(_vault.FindLease(first)!.ExpiresAt > _time.GetUtcNow());
        await AdvanceAsync(engine, TimeSpan.FromMinutes(5));
        Assert.True(_vault.FindLease(first)!.Revoked);
    }

    [Fact]
    public async Task DisposeAsync_RevokeLeasesOnDispose_RevokesCurrentLease()
    {
        _vault.DefineRole("database/creds/app", TimeSpan.FromHours(1), TimeSpan.FromHours(24));
        SecretSyncEngine engine = CreateEngine(o => o.RevokeLeasesOnDispose = true);
        engine.AddOrUpdate(new SecretSpec("db", "database/creds/app", SecretSourceKind.Dynamic));
        await IdleAsync(engine);
        string leaseId = engine.GetState("db")!.LeaseId!;

        await engine.DisposeAsync();

        Assert.True(_vault.FindLease(leaseId)!.Revoked);
        Assert.Throws<ObjectDisposedException>(() => engine.AddOrUpdate(new SecretSpec("x", "secret/x")));
    }

    [Fact]
    public async Task ReissueLeasedSecrets_AfterReLogin_IssuesNewCredentialsWithinSecondsAndLeavesKvAlone()
    {
        _vault.DefineRole("database/creds/app", TimeSpan.FromHours(1), TimeSpan.FromHours(24));
        _vault.PutKv("secret/app", new() { ["k"] = "v" });
        await using SecretSyncEngine engine = CreateEngine();
        engine.AddOrUpdate(new SecretSpec("db", "database/creds/app", SecretSourceKind.Dynamic));
        engine.AddOrUpdate(new SecretSpec("app", "secret/app", SecretSourceKind.KvV2));
        await IdleAsync(engine);
        string before = engine.GetState("db")!.LeaseId!;
        int reads = _vault.Reads;

        engine.ReissueLeasedSecrets();
        await AdvanceAsync(engine, TimeSpan.FromSeconds(5));

        Assert.NotEqual(before, engine.GetState("db")!.LeaseId);
        Assert.Equal(_vault.FindLease(engine.GetState("db")!.LeaseId!)!.Username, _sink.Get("db")!["username"]);
        Assert.Equal(reads + 1, _vault.Reads);
    }

    [Fact]
    public async Task Metrics_LeasedSecret_ReportsTimeToExpiryAndStalenessPerPath()
    {
        _vault.DefineRole("database/creds/metrics", TimeSpan.FromHours(1), TimeSpan.FromHours(24));
        using var expiry = new MetricCollector<double>(null, "Vault.Kubernetes", "vault.sync.lease.time_to_expiry");
        using var staleness = new MetricCollector<double>(null, "Vault.Kubernetes", "vault.sync.staleness");
        await using SecretSyncEngine engine = CreateEngine();
        engine.AddOrUpdate(new SecretSpec("db", "database/creds/metrics", SecretSourceKind.Dynamic));
        await IdleAsync(engine);
        _time.Advance(TimeSpan.FromMinutes(10));

        expiry.RecordObservableInstruments();
        staleness.RecordObservableInstruments();

        CollectedMeasurement<double> toExpiry = Assert.Single(expiry.GetMeasurementSnapshot(), m => Equals(m.Tags["vault.path"], "database/creds/metrics"));
        Assert.Equal(TimeSpan.FromMinutes(50).TotalSeconds, toExpiry.Value, precision: 0);
        CollectedMeasurement<double> stale = Assert.Single(staleness.GetMeasurementSnapshot(), m => Equals(m.Tags["vault.path"], "database/creds/metrics"));
        Assert.Equal(TimeSpan.FromMinutes(10).TotalSeconds, stale.Value, precision: 0);
    }

    [Fact]
    public async Task Logs_FullCycle_NeverContainSecretValues()
    {
        var collector = new FakeLogCollector();
        using var loggerFactory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(new FakeLoggerProvider(collector)));
        _vault.PutKv("secret/app", new() { ["apiKey"] = "kv-secret-value-123" });
        _vault.DefineRole("database/creds/app", TimeSpan.FromMinutes(30), TimeSpan.FromHours(2));
        await using SecretSyncEngine engine = new(_vault, _sink, new SecretSyncEngineOptions(), loggerFactory, _time, () => 0.5);
        engine.AddOrUpdate(new SecretSpec("app", "secret/app", SecretSourceKind.KvV2));
        engine.AddOrUpdate(new SecretSpec("db", "database/creds/app", SecretSourceKind.Dynamic));
        await IdleAsync(engine);
        string password = _sink.Get("db")!["password"];
        _vault.Outage = true;
        await AdvanceAsync(engine, TimeSpan.FromMinutes(25));
        _vault.Outage = false;
        for (int i = 0; i < 30; i++)
        {
            await AdvanceAsync(engine, TimeSpan.FromMinutes(5));
        }

        string logs = string.Join('\n', collector.GetSnapshot().Select(r => $"{r.Message} {r.Exception}"));
        Assert.Contains("secret/app", logs, StringComparison.Ordinal);
        Assert.DoesNotContain("kv-secret-value-123", logs, StringComparison.Ordinal);
        Assert.DoesNotContain(password, logs, StringComparison.Ordinal);
        Assert.DoesNotContain("pw-", logs, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OutageOutlivesTheLease_NewCredentialsWithinSecondsOfVaultsReturn()
    {
        _vault.DefineRole("database/creds/app", TimeSpan.FromHours(1), TimeSpan.FromHours(24));
        await using SecretSyncEngine engine = CreateEngine();
        engine.AddOrUpdate(new SecretSpec("db", "database/creds/app", SecretSourceKind.Dynamic));
        await IdleAsync(engine);

        // Vault is down from minute 30 to minute 100: the renewal at ~40 fails, the lease dies at 60, the backoff grows to minutes.
        await AdvanceAsync(engine, TimeSpan.FromMinutes(30));
        _vault.Outage = true;
        await AdvanceAsync(engine, TimeSpan.FromMinutes(70));
        Assert.False(_vault.IsValid(_sink.Get("db")!["username"], _sink.Get("db")!["password"]));
        _vault.Outage = false;
        await AdvanceAsync(engine, TimeSpan.FromSeconds(12));

        IReadOnlyDictionary<string, string> held = _sink.Get("db")!;
        Assert.True(_vault.IsValid(held["username"], held["password"]), "expired credentials still held 12 s after Vault came back");
    }

    [Fact]
    public async Task ConnectionRecovers_OtherFailingSecretsRetryAtOnceInsteadOfWaitingOutTheirBackoff()
    {
        _vault.PutKv("secret/a", new() { ["k"] = "a1" });
        _vault.PutKv("secret/b", new() { ["k"] = "b1" });
        await using SecretSyncEngine engine = CreateEngine(o => o.LeasePlan.RefreshInterval = TimeSpan.FromMinutes(1));
        engine.AddOrUpdate(new SecretSpec("b", "secret/b", SecretSourceKind.KvV2));
        await IdleAsync(engine);
        _vault.Outage = true;
        await AdvanceAsync(engine, TimeSpan.FromMinutes(20));

        // "b" has failed for 20 minutes and waits minutes between retries; "a" is new and retries within a second or two.
        engine.AddOrUpdate(new SecretSpec("a", "secret/a", SecretSourceKind.KvV2));
        await AdvanceAsync(engine, TimeSpan.FromSeconds(1));
        DateTimeOffset bDue = engine.GetState("b")!.NextActionAt!.Value;
        Assert.True(bDue > _time.GetUtcNow() + TimeSpan.FromMinutes(1), $"b is due at {bDue:O}");

        _vault.Outage = false;
        _vault.PutKv("secret/b", new() { ["k"] = "b2" });
        await AdvanceAsync(engine, TimeSpan.FromSeconds(8));

        Assert.Equal("a1", _sink.Get("a")!["k"]);
        Assert.Equal("b2", _sink.Get("b")!["k"]);
        Assert.All(engine.GetStates(), st => Assert.Equal(0, st.ConsecutiveFailures));
    }

    private static Task IdleAsync(SecretSyncEngine engine) =>
        engine.WhenIdleAsync(TestContext.Current.CancellationToken).WaitAsync(s_wait, TestContext.Current.CancellationToken);

    private SecretSyncEngine CreateEngine(Action<SecretSyncEngineOptions>? configure = null)
    {
        var options = new SecretSyncEngineOptions();
        configure?.Invoke(options);
        return new SecretSyncEngine(_vault, _sink, options, loggerFactory: null, _time, () => 0.5);
    }

    private async Task AdvanceAsync(SecretSyncEngine engine, TimeSpan by)
    {
        // Step in small increments so each due timer fires near its due time, letting work finish between steps.
        TimeSpan step = TimeSpan.FromSeconds(1);
        DateTimeOffset target = _time.GetUtcNow() + by;
        while (_time.GetUtcNow() < target)
        {
            TimeSpan left = target - _time.GetUtcNow();
            _time.Advance(left < step ? left : step);
            await IdleAsync(engine);
        }
    }
}
