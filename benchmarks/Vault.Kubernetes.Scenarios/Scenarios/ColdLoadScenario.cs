// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Vault.Kubernetes.Configuration;
using Vault.Kubernetes.Testing;

namespace Vault.Kubernetes.Scenarios.Scenarios;

/// <summary>The provider's cold load (<c>Load()</c>: login, mount lookup, every read) of N KV v2 secrets with injected per-request latency: wall time and requests.</summary>
/// <remarks>The floor is about three round trips whatever N: the login, one mount lookup, one parallel round of reads. The sweep over
/// <c>MaxConcurrency</c> is what the default is chosen from.</remarks>
internal sealed class ColdLoadScenario : IScenario
{
    private const int Runs = 3;

    public string Name => "cold-load";

    public string Description => "Configuration provider cold load of N KV v2 secrets (5 keys each) against the dev server with a per-request latency injected by the server (plain HTTP, static token: one lookup-self as the login). Median of 3 runs; requests counted from the server's log.";

    public async Task<IReadOnlyList<ScenarioMetric>> RunAsync(CancellationToken cancellationToken)
    {
        var metrics = new List<ScenarioMetric>();
        foreach (int concurrency in (int[])[4, 16, 32, 64, 128])
        {
            foreach (int n in (int[])[100, 1000])
            {
                (double ms, int requests) = await MeasureAsync(n, TimeSpan.FromMilliseconds(20), concurrency, cancellationToken);
                metrics.Add(new ScenarioMetric($"MaxConcurrency {concurrency}, {n} secrets, 20 ms latency", ms, "ms", $"{requests} requests"));
            }
        }

        foreach (int latency in (int[])[0, 20])
        {
            foreach (int n in (int[])[10, 100, 1000])
            {
                (double ms, int requests) = await MeasureAsync(n, TimeSpan.FromMilliseconds(latency), concurrency: null, cancellationToken);
                metrics.Add(new ScenarioMetric(string.Create(CultureInfo.InvariantCulture, $"cold load, {n} secrets, {latency} ms latency (default MaxConcurrency)"), ms, "ms", $"{requests} requests"));
            }
        }

        return metrics;
    }

    private static async Task<(double Milliseconds, int Requests)> MeasureAsync(int n, TimeSpan latency, int? concurrency, CancellationToken cancellationToken)
    {
        var times = new List<double>();
        int requests = 0;
        for (int run = 0; run < Runs; run++)
        {
            await using VaultDevServer server = await VaultDevServer.StartAsync(cancellationToken: cancellationToken);
            for (int i = 0; i < n; i++)
            {
                server.WriteKvSecret("secret", $"apps/app{i}", new Dictionary<string, object?> { ["a"] = $"a{i}", ["b"] = "b", ["c"] = "c", ["d"] = "d", ["e"] = "e" });
            }

            if (latency > TimeSpan.Zero)
            {
                server.Faults.SetLatency(latency);
            }

            var source = new VaultConfigurationSource { Options = { Address = server.Address.ToString(), Token = server.RootToken, ReloadOnChange = false } };
            if (concurrency is int c)
            {
                source.Options.MaxConcurrency = c;
            }

            for (int i = 0; i < n; i++)
            {
                source.Options.Secrets.Add(new VaultSecretOptions { Path = $"secret/apps/app{i}", Section = $"App{i}" });
            }

            server.ClearRequestLog();
            var stopwatch = Stopwatch.StartNew();
            IConfigurationRoot root = new ConfigurationBuilder().Add(source).Build();
            stopwatch.Stop();
            if (root[$"App{n - 1}:a"] != $"a{n - 1}")
            {
                throw new InvalidOperationException("The cold load did not load every secret.");
            }

            (root as IDisposable)?.Dispose();
            times.Add(stopwatch.Elapsed.TotalMilliseconds);
            requests = server.RequestLog.Count;
        }

        times.Sort();
        return (times[times.Count / 2], requests);
    }
}
