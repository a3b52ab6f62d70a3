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
    internal const int Runs = 3;

    public string Name => "cold-load";

    public string Description => "Configuration provider cold load of N KV v2 secrets (5 keys each) against the dev server with a per-request latency injected by the server (plain HTTP, static token: one lookup-self as the login). Median of 3 runs; requests counted from the server's log.";

    public async Task<IReadOnlyList<ScenarioMetric>> RunAsync(CancellationToken cancellationToken)
    {
        var metrics = new List<ScenarioMetric>();
        foreach (int concurrency in (int[])[4, 16, 32, 64, 128])
        {
            foreach (int n in (int[])[100, 1000])
            {
                (double ms, int requests, _) = await MeasureAsync(n, TimeSpan.FromMilliseconds(20), concurrency, cancellationToken);
                metrics.Add(new ScenarioMetric($"MaxConcurrency {concurrency}, {n} secrets, 20 ms latency", ms, "ms", $"{requests} requests"));
            }
        }

        foreach (int latency in (int[])[0, 20])
        {
            foreach (int n in (int[])[10, 100, 1000])
            {
                (double ms, int requests, _) = await MeasureAsync(n, TimeSpan.FromMilliseconds(latency), concurrency: null, cancellationToken);
                metrics.Add(new ScenarioMetric(string.Create(CultureInfo.InvariantCulture, $"cold load, {n} secrets, {latency} ms latency (default MaxConcurrency)"), ms, "ms", $"{requests} requests"));
            }
        }

        return metrics;
    }

    /// <summary>Measures the cold load of <paramref name="n"/> secrets: median wall time of <see cref="Runs"/> runs, requests of the last one.</summary>
    /// <param name="n">The number of secrets.</param>
    /// <param name="latency">The latency the server adds to each request.</param>
    /// <param name="concurrency">The provider's MaxConcurrency, or <see langword="null"/> for its default.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <param name="tls">Serve HTTPS (the client trusts the dev CA).</param>
    /// <param name="http2">Offer HTTP/2 over TLS.</param>
    /// <param name="proxyRoundTrip">A round trip added on the TCP connections themselves (handshakes included), or zero for none.</param>
    /// <returns>The median wall time, the requests and the TCP connections (proxy only).</returns>
    internal static async Task<(double Milliseconds, int Requests, int Connections)> MeasureAsync(
        int n, TimeSpan latency, int? concurrency, CancellationToken cancellationToken, bool tls = false, bool http2 = true, TimeSpan proxyRoundTrip = default)
    {
        var times = new List<double>();
        int requests = 0;
        int connections = 0;
        for (int run = 0; run < Runs; run++)
        {
            await using VaultDevServer server = await VaultDevServer.StartAsync(new VaultDevServerOptions { UseTls = tls, EnableHttp2 = http2 }, cancellationToken);
            await using DelayingTcpProxy? proxy = proxyRoundTrip > TimeSpan.Zero
                ? new DelayingTcpProxy(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, server.Address.Port), proxyRoundTrip)
                : null;
            for (int i = 0; i < n; i++)
            {
                server.WriteKvSecret("secret", $"apps/app{i}", new Dictionary<string, object?> { ["a"] = $"a{i}", ["b"] = "b", ["c"] = "c", ["d"] = "d", ["e"] = "e" });
            }

            if (latency > TimeSpan.Zero)
            {
                server.Faults.SetLatency(latency);
            }

            string address = proxy is null ? server.Address.ToString() : new UriBuilder(server.Address) { Port = proxy.Port }.Uri.ToString();
            var source = new VaultConfigurationSource { Options = { Address = address, Token = server.RootToken, ReloadOnChange = false, CaCertificate = server.CaCertificatePem } };
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
            connections = proxy?.Connections ?? 0;
        }

        times.Sort();
        return (times[times.Count / 2], requests, connections);
    }
}
