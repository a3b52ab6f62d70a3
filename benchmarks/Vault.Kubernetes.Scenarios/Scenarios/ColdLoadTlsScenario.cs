// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Globalization;

namespace Vault.Kubernetes.Scenarios.Scenarios;

/// <summary>The provider's cold load over TLS: HTTP/2 (what real Vault offers) against HTTP/1.1, with the latency on each request
/// and, through a delaying TCP proxy, on the connection itself so that every TLS handshake pays the round trip.</summary>
internal sealed class ColdLoadTlsScenario : IScenario
{
    public string Name => "cold-load-tls";

    public string Description => "Configuration provider cold load over HTTPS (dev CA trusted, static token), default MaxConcurrency. \"latency\" is added by the server to each request; \"connection round trip\" by a TCP proxy that delays every chunk by half of it each way, so TCP and TLS handshakes pay it too. HTTP/1.1 rows are a server that does not offer HTTP/2 (the client's fallback). Median of 3 runs.";

    public async Task<IReadOnlyList<ScenarioMetric>> RunAsync(CancellationToken cancellationToken)
    {
        var metrics = new List<ScenarioMetric>();
        foreach (int latency in (int[])[0, 20])
        {
            foreach (int n in (int[])[10, 100, 1000])
            {
                (double ms, int requests, _) = await ColdLoadScenario.MeasureAsync(n, TimeSpan.FromMilliseconds(latency), null, cancellationToken, tls: true);
                metrics.Add(new ScenarioMetric(string.Create(CultureInfo.InvariantCulture, $"cold load, {n} secrets, {latency} ms latency, TLS HTTP/2"), ms, "ms", $"{requests} requests"));
            }
        }

        (double h1, int h1Requests, _) = await ColdLoadScenario.MeasureAsync(100, TimeSpan.FromMilliseconds(20), null, cancellationToken, tls: true, http2: false);
        metrics.Add(new ScenarioMetric("cold load, 100 secrets, 20 ms latency, TLS HTTP/1.1", h1, "ms", $"{h1Requests} requests"));

        foreach (bool http2 in (bool[])[true, false])
        {
            string protocol = http2 ? "HTTP/2" : "HTTP/1.1";
            (double ms, int requests, int connections) = await ColdLoadScenario.MeasureAsync(100, TimeSpan.Zero, null, cancellationToken, tls: true, http2: http2, proxyRoundTrip: TimeSpan.FromMilliseconds(20));
            metrics.Add(new ScenarioMetric($"cold load, 100 secrets, 20 ms connection round trip, TLS {protocol}", ms, "ms", $"{requests} requests, {connections} TCP connections"));
        }

        return metrics;
    }
}
