// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using Microsoft.Extensions.Time.Testing;
using Vault.Kubernetes.Http;
using Vault.Kubernetes.Secrets;
using Vault.Kubernetes.Sync;
using Vault.Kubernetes.Testing;

namespace Vault.Kubernetes.Scenarios.Scenarios;

/// <summary>Keeps 50 KV v2 secrets fresh for 12 refresh cycles, then changes 5: counts the HTTP requests and destination writes each phase costs.</summary>
internal sealed class KvRefreshScenario : IScenario
{
    private const int Secrets = 50;
    private const int Cycles = 12;

    public string Name => "kv-refresh";

    public string Description => $"Sync engine keeping {Secrets} KV v2 secrets fresh (5-minute interval, simulated clock): requests and writes for the initial load, {Cycles} unchanged refresh cycles, and one cycle after 5 secrets changed.";

    public async Task<IReadOnlyList<ScenarioMetric>> RunAsync(CancellationToken cancellationToken)
    {
        await using VaultDevServer server = await VaultDevServer.StartAsync(cancellationToken: cancellationToken);
        for (int i = 0; i < Secrets; i++)
        {
            server.WriteKvSecret("secret", $"apps/app{i}", new Dictionary<string, object?> { ["password"] = $"p{i}", ["user"] = $"u{i}" });
        }

        using var client = new VaultClient(new VaultClientOptions { Address = server.Address });
        var source = new VaultSecretSource(client.WithTokenProvider(new StaticTokenProvider(server.RootToken)));
        var sink = new CountingSink();
        var clock = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        await using var engine = new SecretSyncEngine(source, sink, new SecretSyncEngineOptions(), timeProvider: clock);

        server.ClearRequestLog();
        for (int i = 0; i < Secrets; i++)
        {
            engine.AddOrUpdate(new SecretSpec($"app{i}", $"secret/apps/app{i}", SecretSourceKind.KvV2));
        }

        await engine.WhenIdleAsync(cancellationToken);
        (int loadRequests, int loadWrites) = (server.RequestLog.Count, sink.Writes);

        server.ClearRequestLog();
        int checks = 0;
        engine.SyncEvent += (_, e) => Interlocked.Increment(ref checks);
        for (int cycle = 0; cycle < Cycles; cycle++)
        {
            // Windows of exactly one interval: 5.5-minute windows against a 5-minute interval counted some checks twice.
            await AdvanceAsync(clock, engine, TimeSpan.FromMinutes(5), cancellationToken);
        }

        int steadyRequests = server.RequestLog.Count;
        int steadyChecks = Volatile.Read(ref checks);
        int steadyDataReads = server.RequestLog.Count(e => e.Path.Contains("/data/", StringComparison.Ordinal));
        int steadyWrites = sink.Writes - loadWrites;

        for (int i = 0; i < 5; i++)
        {
            server.WriteKvSecret("secret", $"apps/app{i}", new Dictionary<string, object?> { ["password"] = $"rotated{i}", ["user"] = $"u{i}" });
        }

        server.ClearRequestLog();
        int before = sink.Writes;
        await AdvanceAsync(clock, engine, TimeSpan.FromMinutes(5.5), cancellationToken);
        int changeDataReads = server.RequestLog.Count(e => e.Path.Contains("/data/", StringComparison.Ordinal));

        return
        [
            new("initial load: HTTP requests", loadRequests, "requests", $"{Secrets} secrets (includes one mount lookup per secret path)"),
            new("initial load: destination writes", loadWrites, "writes"),
            new("unchanged refresh: requests per check", steadyRequests / (double)steadyChecks, "requests", $"{steadyRequests} requests for {steadyChecks} checks, every one a metadata read"),
            new("unchanged refresh: requests per secret per cycle", steadyRequests / (double)(Secrets * Cycles), "requests", "below 1: checks come every 5 minutes plus up to 10 % jitter"),
            new("unchanged refresh: data reads", steadyDataReads, "reads", $"over {Cycles} cycles"),
            new("unchanged refresh: destination writes", steadyWrites, "writes", $"over {Cycles} cycles"),
            new("5 secrets changed: data reads", changeDataReads, "reads", "one cycle"),
            new("5 secrets changed: destination writes", sink.Writes - before, "writes", "one cycle"),
        ];
    }

    private static async Task AdvanceAsync(FakeTimeProvider clock, SecretSyncEngine engine, TimeSpan by, CancellationToken cancellationToken)
    {
        DateTimeOffset target = clock.GetUtcNow() + by;
        while (clock.GetUtcNow() < target)
        {
            clock.Advance(TimeSpan.FromSeconds(5));
            await engine.WhenIdleAsync(cancellationToken);
        }
    }
}
