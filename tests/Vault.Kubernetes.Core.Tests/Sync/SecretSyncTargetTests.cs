// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Security.Cryptography;
using Microsoft.Extensions.Time.Testing;
using Vault.Kubernetes.Secrets;
using Vault.Kubernetes.Sync;

namespace Vault.Kubernetes.Core.Tests.Sync;

/// <summary>Targets: several specs written as one unit, never partial, only on change, with a hash that survives restarts.</summary>
public sealed class SecretSyncTargetTests
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(10);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 26, 8, 0, 0, TimeSpan.Zero));
    private readonly RecordingSecretSink _sink = new();
    private readonly FakeVaultSecretSource _vault;

    public SecretSyncTargetTests()
    {
        _vault = new FakeVaultSecretSource(_time);
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Target_OneSpecMissing_NeverWritesPartialContent_ThenWritesAllWhenItAppears()
    {
        _vault.PutKv("secret/a", new() { ["a"] = "1" });
        await using SecretSyncEngine engine = CreateEngine();

        engine.AddOrUpdate(new SecretSyncTarget("app", [new SecretSpec("a", "secret/a", SecretSourceKind.KvV2), new SecretSpec("b", "secret/b", SecretSourceKind.KvV2)]));
        await IdleAsync(engine);

        Assert.Equal(0, _sink.Writes);
        SecretTargetState state = engine.GetTargetState("app")!;
        Assert.Equal(SecretTargetHealth.Unhealthy, state.Health);
        Assert.Contains("secret/b: not loaded", state.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("secret/a", state.Reason, StringComparison.Ordinal);

        _vault.PutKv("secret/b", new() { ["b"] = "2" });
        await AdvanceAsync(engine, TimeSpan.FromSeconds(3));

        Assert.Equal(1, _sink.Writes);
        Assert.Equal(new Dictionary<string, string> { ["a"] = "1", ["b"] = "2" }, _sink.Get("app"));
        Assert.Equal(SecretTargetHealth.Healthy, engine.GetTargetState("app")!.Health);
    }

    [Fact]
    public async Task Target_MergesInSpecOrder_LaterSpecWins()
    {
        _vault.PutKv("secret/base", new() { ["k"] = "base", ["only-base"] = "x" });
        _vault.PutKv("secret/override", new() { ["k"] = "override" });
        await using SecretSyncEngine engine = CreateEngine();

        engine.AddOrUpdate(new SecretSyncTarget("app", [new SecretSpec("1", "secret/base", SecretSourceKind.KvV2), new SecretSpec("2", "secret/override", SecretSourceKind.KvV2)]));
        await IdleAsync(engine);

        Assert.Equal(new Dictionary<string, string> { ["k"] = "override", ["only-base"] = "x" }, _sink.Get("app"));
        SecretTargetContent content = _sink.GetContent("app")!;
        Assert.Equal(["1", "2"], content.Items.Select(i => i.Spec.Name));
        Assert.Equal(1, content.Items[0].Snapshot!.Version);
    }

    [Fact]
    public async Task Target_UnchangedCombinedContent_IsNotWrittenAgain()
    {
        _vault.PutKv1("secret/a", new() { ["a"] = "1" });
        _vault.PutKv1("secret/b", new() { ["b"] = "2" });
        await using SecretSyncEngine engine = CreateEngine();
        engine.AddOrUpdate(new SecretSyncTarget("app", [new SecretSpec("a", "secret/a", SecretSourceKind.KvV1), new SecretSpec("b", "secret/b", SecretSourceKind.KvV1)]));
        await IdleAsync(engine);
        int readsAfterLoad = _vault.Reads;

        // KV v1 has no version check: every refresh re-reads, and an unchanged read must not reach the destination.
        await AdvanceAsync(engine, TimeSpan.FromMinutes(30));

        Assert.True(_vault.Reads >= readsAfterLoad + 4, $"expected re-reads, saw {_vault.Reads - readsAfterLoad}");
        Assert.Equal(1, _sink.Writes);

        _vault.PutKv1("secret/b", new() { ["b"] = "3" });
        await AdvanceAsync(engine, TimeSpan.FromMinutes(6));
        Assert.Equal(2, _sink.Writes);
        Assert.Equal("3", _sink.Get("app")!["b"]);
    }

    [Fact]
    public async Task SharedSpec_TwoTargets_FetchedAndLeasedOnce()
    {
        _vault.DefineRole("database/creds/app", TimeSpan.FromHours(1), TimeSpan.FromHours(24));
        await using SecretSyncEngine engine = CreateEngine();

        engine.AddOrUpdate(new SecretSyncTarget("one", [new SecretSpec("db", "database/creds/app", SecretSourceKind.Dynamic)]));
        engine.AddOrUpdate(new SecretSyncTarget("two", [new SecretSpec("creds", "database/creds/app", SecretSourceKind.Dynamic)]));
        await IdleAsync(engine);

        Assert.Equal(1, _vault.Issued);
        Assert.Equal(_sink.Get("one")!["username"], _sink.Get("two")!["username"]);

        // Renewed once per renewal point, not once per target.
        await AdvanceAsync(engine, TimeSpan.FromMinutes(41));
        Assert.Equal(1, _vault.Renewals);
        Assert.Equal(1, _vault.Issued);
    }

    [Fact]
    public async Task SharedSpec_OneTargetRemoved_OtherKeepsItsLeaseAndSchedule()
    {
        _vault.DefineRole("database/creds/app", TimeSpan.FromHours(1), TimeSpan.FromHours(24));
        await using SecretSyncEngine engine = CreateEngine();
        engine.AddOrUpdate(new SecretSyncTarget("one", [new SecretSpec("db", "database/creds/app", SecretSourceKind.Dynamic)]) { RevokeOnRemove = true });
        engine.AddOrUpdate(new SecretSyncTarget("two", [new SecretSpec("db", "database/creds/app", SecretSourceKind.Dynamic)]));
        await IdleAsync(engine);

        Assert.True(await engine.RemoveAsync("one", Ct));
        await AdvanceAsync(engine, TimeSpan.FromMinutes(41));

        Assert.Equal(0, _vault.Revocations);
        Assert.Equal(1, _vault.Renewals);
        Assert.NotNull(engine.GetTargetState("two"));
    }

    [Fact]
    public async Task RemovedTarget_WithRevokeOnRemove_RevokesItsLeases()
    {
        _vault.DefineRole("database/creds/app", TimeSpan.FromHours(1), TimeSpan.FromHours(24));
        await using SecretSyncEngine engine = CreateEngine();
        engine.AddOrUpdate(new SecretSyncTarget("one", [new SecretSpec("db", "database/creds/app", SecretSourceKind.Dynamic)]) { RevokeOnRemove = true });
        await IdleAsync(engine);

        Assert.True(await engine.RemoveAsync("one", Ct));

        Assert.Equal(1, _vault.Revocations);
        Assert.Null(_sink.Get("one"));
    }

    [Fact]
    public async Task ContentHashKey_KeptAcrossRestarts_UnchangedDestinationIsNotWrittenAgain()
    {
        byte[] key = RandomNumberGenerator.GetBytes(32);
        _vault.PutKv("secret/a", new() { ["a"] = "1" });
        string firstHash;
        await using (SecretSyncEngine first = CreateEngine(o => o.ContentHashKey = key))
        {
            first.AddOrUpdate(new SecretSyncTarget("app", [new SecretSpec("a", "secret/a", SecretSourceKind.KvV2)]));
            await IdleAsync(first);
            firstHash = _sink.GetContent("app")!.ContentHash;
        }

        // A restarted host (same key) told what the destination holds writes nothing; one with a new key cannot tell and writes.
        await using (SecretSyncEngine second = CreateEngine(o => o.ContentHashKey = key))
        {
            second.AddOrUpdate(new SecretSyncTarget("app", [new SecretSpec("a", "secret/a", SecretSourceKind.KvV2)]) { KnownContentHash = firstHash });
            await IdleAsync(second);
            Assert.Equal(1, _sink.Writes);
            Assert.Equal(firstHash, second.GetTargetState("app")!.ContentHash);
            Assert.True(second.GetState("a")!.HasValue);
        }

        await using (SecretSyncEngine third = CreateEngine())
        {
            third.AddOrUpdate(new SecretSyncTarget("app", [new SecretSpec("a", "secret/a", SecretSourceKind.KvV2)]) { KnownContentHash = firstHash });
            await IdleAsync(third);
            Assert.Equal(2, _sink.Writes);
        }
    }

    [Fact]
    public async Task OptionalSpec_Failing_DoesNotHoldTargetBack_AndJoinsWhenReadable()
    {
        _vault.PutKv("secret/a", new() { ["a"] = "1" });
        await using SecretSyncEngine engine = CreateEngine();
        engine.AddOrUpdate(new SecretSyncTarget("app", [
            new SecretSpec("a", "secret/a", SecretSourceKind.KvV2),
            new SecretSpec("b", "secret/b", SecretSourceKind.KvV2) { Optional = true },
        ]));
        await IdleAsync(engine);

        Assert.Equal(new Dictionary<string, string> { ["a"] = "1" }, _sink.Get("app"));
        Assert.Null(_sink.GetContent("app")!.Items[1].Snapshot);

        _vault.PutKv("secret/b", new() { ["b"] = "2" });
        await AdvanceAsync(engine, TimeSpan.FromSeconds(3));
        Assert.Equal(new Dictionary<string, string> { ["a"] = "1", ["b"] = "2" }, _sink.Get("app"));
    }

    [Fact]
    public async Task ReplacedTarget_KeptSpecsAreNotFetchedAgain_NewOnesAre()
    {
        _vault.DefineRole("database/creds/app", TimeSpan.FromHours(1), TimeSpan.FromHours(24));
        _vault.PutKv("secret/a", new() { ["a"] = "1" });
        await using SecretSyncEngine engine = CreateEngine();
        var db = new SecretSpec("db", "database/creds/app", SecretSourceKind.Dynamic);
        engine.AddOrUpdate(new SecretSyncTarget("app", [db]));
        await IdleAsync(engine);

        engine.AddOrUpdate(new SecretSyncTarget("app", [db, new SecretSpec("a", "secret/a", SecretSourceKind.KvV2)]));
        await IdleAsync(engine);

        Assert.Equal(1, _vault.Issued);
        Assert.Equal("1", _sink.Get("app")!["a"]);
        Assert.Equal(2, _sink.Writes);
    }

    [Fact]
    public async Task GetTargetAsync_PullStyle_WaitsForFirstReadThenServesHeldContentWithoutNewCredentials()
    {
        _vault.DefineRole("database/creds/app", TimeSpan.FromHours(1), TimeSpan.FromHours(24));
        await using SecretSyncEngine engine = CreateEngine();
        engine.AddOrUpdate(new SecretSyncTarget("pod", [new SecretSpec("db", "database/creds/app", SecretSourceKind.Dynamic)]));

        SecretTargetContent first = (await engine.GetTargetAsync("pod", Ct).WaitAsync(s_wait, Ct))!;
        engine.AddOrUpdate(new SecretSyncTarget("pod", [new SecretSpec("db", "database/creds/app", SecretSourceKind.Dynamic)]));
        SecretTargetContent again = (await engine.GetTargetAsync("pod", Ct).WaitAsync(s_wait, Ct))!;

        Assert.Equal(first.ContentHash, again.ContentHash);
        Assert.Equal(1, _vault.Issued);
        Assert.Null(await engine.GetTargetAsync("unknown", Ct));
    }

    [Fact]
    public async Task GetTargetAsync_RequiredSpecFails_ReturnsNullAndStateNamesThePath()
    {
        await using SecretSyncEngine engine = CreateEngine();
        engine.AddOrUpdate(new SecretSyncTarget("pod", [new SecretSpec("x", "secret/missing", SecretSourceKind.KvV2)]));

        Assert.Null(await engine.GetTargetAsync("pod", Ct).WaitAsync(s_wait, Ct));
        Assert.Contains("secret/missing", engine.GetTargetState("pod")!.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Target_DuplicateSpecNames_AreRefusedNamingTheSpec()
    {
        var ex = Assert.Throws<ArgumentException>(() => new SecretSyncTarget("app", [new SecretSpec("a", "secret/a"), new SecretSpec("a", "secret/b")]));
        Assert.Contains("'a'", ex.Message, StringComparison.Ordinal);
    }

    private SecretSyncEngine CreateEngine(Action<SecretSyncEngineOptions>? configure = null)
    {
        var options = new SecretSyncEngineOptions();
        configure?.Invoke(options);
        return new SecretSyncEngine(_vault, _sink, options, loggerFactory: null, _time, () => 0.5);
    }

    private static Task IdleAsync(SecretSyncEngine engine) => engine.WhenIdleAsync(Ct).WaitAsync(s_wait, Ct);

    private async Task AdvanceAsync(SecretSyncEngine engine, TimeSpan by)
    {
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
