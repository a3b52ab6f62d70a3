// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Net.Http.Headers;
using System.Text.Json;
using Vault.Kubernetes.Http;
using Vault.Kubernetes.Secrets;
using Vault.Kubernetes.Testing;

namespace Vault.Kubernetes.Scenarios.Scenarios;

/// <summary>Reads one KV v2 secret over loopback: VaultClient versus a bare HttpClient + JsonDocument baseline, sequential and 8 concurrent, alternating call by call.</summary>
internal sealed class KvReadScenario : IScenario
{
    private const int Count = 6000;

    public string Name => "kv-read";

    public string Description => "Read and parse a 10-key KV v2 secret from the dev server over loopback HTTP; VaultClient vs bare HttpClient + JsonDocument.";

    public async Task<IReadOnlyList<ScenarioMetric>> RunAsync(CancellationToken cancellationToken)
    {
        await using VaultDevServer server = await VaultDevServer.StartAsync(cancellationToken: cancellationToken);
        server.WriteKvSecret("secret", "bench", Enumerable.Range(0, 10).ToDictionary(i => $"key{i}", i => (object?)$"value-{i}-{new string('x', 20)}"));

        using var client = new VaultClient(new VaultClientOptions { Address = server.Address });
        VaultClient authenticated = client.WithTokenProvider(new StaticTokenProvider(server.RootToken));
        using var http = new HttpClient { BaseAddress = server.Address };
        http.DefaultRequestHeaders.Add("X-Vault-Token", server.RootToken);
        http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));

        async Task ReadWithClient()
        {
            var secret = await authenticated.ReadKvV2Async("secret", "bench", cancellationToken: cancellationToken);
            if (secret.Data.Count != 10)
            {
                throw new InvalidOperationException("unexpected secret shape");
            }
        }

        async Task ReadWithBaseline()
        {
            using HttpResponseMessage response = await http.GetAsync("v1/secret/data/bench", cancellationToken);
            response.EnsureSuccessStatusCode();
            await using Stream body = await response.Content.ReadAsStreamAsync(cancellationToken);
            using JsonDocument document = await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken);
            if (document.RootElement.GetProperty("data").GetProperty("data").EnumerateObject().Count() != 10)
            {
                throw new InvalidOperationException("unexpected secret shape");
            }
        }

        var metrics = new List<ScenarioMetric>();
        metrics.AddRange(await LatencyRecorder.CompareAsync("sequential", 500, Count, 1, ("VaultClient", ReadWithClient), ("baseline HttpClient", ReadWithBaseline)));
        metrics.AddRange(await LatencyRecorder.CompareAsync("8 concurrent", 500, Count, 8, ("VaultClient", ReadWithClient), ("baseline HttpClient", ReadWithBaseline)));
        return metrics;
    }
}
