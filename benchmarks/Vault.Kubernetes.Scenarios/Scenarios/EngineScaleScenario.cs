// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Time.Testing;
using Vault.Kubernetes.Authentication;
using Vault.Kubernetes.Secrets;
using Vault.Kubernetes.Sync;
using Vault.Kubernetes.Testing;

namespace Vault.Kubernetes.Scenarios.Scenarios;

/// <summary>The sync engine at N KV v2 specs (one target each, as the operator holds them): initial load, then one hour of
/// unchanged refreshes (exactly 12 intervals of 5 minutes on a simulated clock). The engine runs in a child process of its
/// own, so the heap and RSS are the engine's and not the dev server's; GC settings are varied through the child's environment.</summary>
internal sealed class EngineScaleScenario : IScenario
{
    private const string ChildFlag = "--engine-scale-child";
    private const int Intervals = 12;

    private static readonly (string Name, Dictionary<string, string> Environment)[] s_gcSettings =
    [
        ("default GC (workstation, concurrent)", []),
        ("DOTNET_GCgen0size=0x400000 (4 MiB gen0 budget)", new() { ["DOTNET_GCgen0size"] = "0x400000" }),
        ("DOTNET_GCgen0size=0x400000 + DOTNET_GCConserveMemory=7", new() { ["DOTNET_GCgen0size"] = "0x400000", ["DOTNET_GCConserveMemory"] = "7" }),
        ("DOTNET_GCHeapHardLimit=0x4000000 (64 MiB)", new() { ["DOTNET_GCHeapHardLimit"] = "0x4000000" }),
    ];

    public string Name => "engine-scale";

    public string Description => $"Sync engine with N KV v2 specs (one target each) in a child process against the in-process dev server: initial load, then {Intervals} unchanged refresh intervals (5 minutes each, simulated clock, so one hour). Requests from the server's log; RSS (VmRSS) at the end of the hour, then heap after a full GC, RSS again and the GC's committed memory, all from the child.";

    public async Task<IReadOnlyList<ScenarioMetric>> RunAsync(CancellationToken cancellationToken)
    {
        var metrics = new List<ScenarioMetric>();
        foreach ((int n, (string Name, Dictionary<string, string> Environment)[] settings) in new[] { (50, s_gcSettings[..1]), (10_000, s_gcSettings) })
        {
            foreach ((string gc, Dictionary<string, string> environment) in settings)
            {
                metrics.AddRange(await MeasureAsync(n, gc, environment, cancellationToken));
            }
        }

        return metrics;
    }

    /// <summary>Runs the child side when the scenario process was started as one.</summary>
    /// <param name="args">The command line.</param>
    /// <returns>The exit code, or <see langword="null"/> when this is not a child.</returns>
    public static async Task<int?> RunChildIfAskedAsync(string[] args)
    {
        if (args.Length != 4 || args[0] != ChildFlag)
        {
            return null;
        }

        int n = int.Parse(args[3], CultureInfo.InvariantCulture);
        var sink = new CountingSink();
        var clock = new FakeTimeProvider(TimeProvider.System.GetUtcNow());

        // As the operator holds it: one identity's session from Core's cache, one target per resource.
        await using var sessions = new VaultSessionCache(timeProvider: clock);
        VaultIdentity identity = VaultIdentity.FromOptions(new VaultConnectionOptions { Address = args[1], Token = args[2] });
        await using var engine = new SecretSyncEngine(sessions, sink, new SecretSyncEngineOptions(), timeProvider: clock);
        var stopwatch = Stopwatch.StartNew();
        for (int i = 0; i < n; i++)
        {
            engine.AddOrUpdate(new SecretSyncTarget($"app{i}", [new SecretSpec($"app{i}", $"secret/apps/app{i}", SecretSourceKind.KvV2)], identity));
        }

        await engine.WhenIdleAsync();
        double loadMs = stopwatch.Elapsed.TotalMilliseconds;
        int loadWrites = sink.Writes;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"loaded {TimeProvider.System.GetUtcNow().UtcTicks}"));
        DateTimeOffset end = clock.GetUtcNow() + TimeSpan.FromMinutes(5 * Intervals);
        while (clock.GetUtcNow() < end)
        {
            clock.Advance(TimeSpan.FromSeconds(5));
            await engine.WhenIdleAsync();
        }

        long rssBeforeKb = ScenarioEnvironment.RssKb();
        long heap = GC.GetTotalMemory(forceFullCollection: true);
        long rssKb = ScenarioEnvironment.RssKb();
        long committed = GC.GetGCMemoryInfo().TotalCommittedBytes;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"result {loadMs} {loadWrites} {sink.Writes - loadWrites} {heap} {rssKb} {GC.CollectionCount(0)} {GC.CollectionCount(2)} {committed} {rssBeforeKb}"));
        return 0;
    }

    private static async Task<IReadOnlyList<ScenarioMetric>> MeasureAsync(int n, string gc, Dictionary<string, string> environment, CancellationToken cancellationToken)
    {
        await using VaultDevServer server = await VaultDevServer.StartAsync(cancellationToken: cancellationToken);
        for (int i = 0; i < n; i++)
        {
            server.WriteKvSecret("secret", $"apps/app{i}", new Dictionary<string, object?> { ["password"] = $"p{i}", ["user"] = $"u{i}" });
        }

        server.ClearRequestLog();
        var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true };
        foreach (string arg in (string[])[typeof(EngineScaleScenario).Assembly.Location, ChildFlag, server.Address.ToString(), server.RootToken, n.ToString(CultureInfo.InvariantCulture)])
        {
            start.ArgumentList.Add(arg);
        }

        if (!string.Equals(Path.GetFileNameWithoutExtension(Environment.ProcessPath), "dotnet", StringComparison.Ordinal))
        {
            // Started through the apphost: run it again directly instead of through dotnet.
            start.ArgumentList.RemoveAt(0);
        }

        foreach ((string key, string value) in environment)
        {
            start.Environment[key] = value;
        }

        using Process child = Process.Start(start)!;
        long loadedTicks = 0;
        string[]? result = null;
        while (await child.StandardOutput.ReadLineAsync(cancellationToken) is string line)
        {
            string[] parts = line.Split(' ');
            if (parts[0] == "loaded")
            {
                loadedTicks = long.Parse(parts[1], CultureInfo.InvariantCulture);
            }
            else if (parts[0] == "result")
            {
                result = parts;
            }
        }

        await child.WaitForExitAsync(cancellationToken);
        if (child.ExitCode != 0 || result is null)
        {
            throw new InvalidOperationException($"The engine child for {n} specs failed with exit code {child.ExitCode}.");
        }

        var loaded = new DateTimeOffset(loadedTicks, TimeSpan.Zero);
        int loadRequests = server.RequestLog.Count(e => e.Time <= loaded);
        VaultRequestLogEntry[] steady = [.. server.RequestLog.Where(e => e.Time > loaded)];
        int dataReads = steady.Count(e => e.Path.Contains("/data/", StringComparison.Ordinal));
        double Value(int i) => double.Parse(result[i], CultureInfo.InvariantCulture);
        string at = string.Create(CultureInfo.InvariantCulture, $"{n:N0} specs, {gc}");
        var metrics = new List<ScenarioMetric>
        {
            new($"{at}: initial load", Value(1), "ms", $"{loadRequests} requests, {Value(2):0} writes"),
            new($"{at}: requests per spec per unchanged interval", steady.Length / (double)(n * Intervals), "requests", $"{steady.Length} requests over {Intervals} intervals, {dataReads} data reads"),
            new($"{at}: writes per unchanged interval", Value(3) / Intervals, "writes", $"{Value(3):0} over {Intervals} intervals"),
            new($"{at}: managed heap after full GC", Value(4) / 1024 / 1024, "MiB", string.Create(CultureInfo.InvariantCulture, $"{Value(4) / n / 1024:0.00} KiB per spec")),
            new($"{at}: RSS", Value(9) / 1024, "MiB", string.Create(CultureInfo.InvariantCulture, $"{Value(5) / 1024:0.0} MiB after the full GC; GC committed {Value(8) / 1024 / 1024:0.0} MiB; {Value(6):0} gen0 and {Value(7):0} gen2 collections")),
        };
        return metrics;
    }
}
