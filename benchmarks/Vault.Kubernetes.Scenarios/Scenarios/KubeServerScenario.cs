// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Vault.Kubernetes.Testing;

namespace Vault.Kubernetes.Scenarios.Scenarios;

/// <summary>
/// KubernetesDevServer at operator scale: 10,000 Secrets plus 10,000 custom resources held (memory), a full list of
/// 10,000 objects, and one stream of updates fanned out to 10 watchers.
/// </summary>
internal sealed class KubeServerScenario : IScenario
{
    private const int ObjectCount = 10_000;
    private const int Watchers = 10;
    private const int Updates = 5_000;
    private const int Concurrency = 8;
    private const string Ns = "bench";

    public string Name => "kube-server";

    public string Description =>
        $"KubernetesDevServer over loopback HTTP/1.1 (cleartext, so TLS is not measured): {ObjectCount:N0} Secrets (3 keys) and {ObjectCount:N0} VaultStaticSecret custom resources created with {Concurrency} concurrent POSTs; memory held; a full list of {ObjectCount:N0} Secrets; {Updates:N0} merge patches fanned out to {Watchers} watchers.";

    public async Task<IReadOnlyList<ScenarioMetric>> RunAsync(CancellationToken cancellationToken)
    {
        var metrics = new List<ScenarioMetric>();
        (long rssBefore, long heapBefore) = Memory();
        var options = new KubernetesDevServerOptions { UseTls = false };
        options.Namespaces.Add(Ns);
        await using KubernetesDevServer server = await KubernetesDevServer.StartAsync(options, cancellationToken);
        server.CreateObject((JsonObject)JsonNode.Parse(CrdJson)!);
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64 }) { BaseAddress = server.Address, Timeout = TimeSpan.FromMinutes(5) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", server.AdminToken);

        var seed = Stopwatch.StartNew();
        await ForEachAsync(ObjectCount, i => PostAsync(http, $"api/v1/namespaces/{Ns}/secrets", SecretJson(i), cancellationToken));
        double secretsPerSecond = ObjectCount / seed.Elapsed.TotalSeconds;
        seed.Restart();
        await ForEachAsync(ObjectCount, i => PostAsync(http, $"apis/secrets.hashicorp.com/v1beta1/namespaces/{Ns}/vaultstaticsecrets", CustomJson(i), cancellationToken));
        double customPerSecond = ObjectCount / seed.Elapsed.TotalSeconds;

        // The request log (20,000 entries by now) is not part of holding the objects.
        server.ClearRequestLog();
        (long rssAfter, long heapAfter) = Memory();
        metrics.Add(new("create Secrets", secretsPerSecond, "objects/s", $"{Concurrency} concurrent POSTs"));
        metrics.Add(new("create custom resources", customPerSecond, "objects/s", "schema defaulting and validation included"));
        metrics.Add(new("RSS held (20,000 objects)", (rssAfter - rssBefore) / 1048576.0, "MiB", $"process working set after a full GC, minus before the server started ({rssBefore / 1048576.0:0} MiB); includes this process's client side"));
        metrics.Add(new("managed heap held", (heapAfter - heapBefore) / 1048576.0, "MiB", $"{(heapAfter - heapBefore) / (2.0 * ObjectCount):0} bytes per object (serialized bytes, a lazily parsed document, keys, change history)"));

        // Warm-up, then the median of five full lists.
        var listTimes = new List<double>();
        long listBytes = 0;
        for (int i = 0; i < 6; i++)
        {
            var watch = Stopwatch.StartNew();
            byte[] body = await http.GetByteArrayAsync($"api/v1/namespaces/{Ns}/secrets", cancellationToken);
            watch.Stop();
            if (i > 0)
            {
                listTimes.Add(watch.Elapsed.TotalMilliseconds);
            }

            listBytes = body.Length;
            if (i == 0 && JsonNode.Parse(body)!["items"]!.AsArray().Count != ObjectCount)
            {
                throw new InvalidOperationException("the list did not return every Secret");
            }
        }

        listTimes.Sort();
        metrics.Add(new("list 10,000 Secrets (one page)", listTimes[listTimes.Count / 2], "ms", $"median of 5, {listBytes / 1048576.0:0.0} MiB body"));
        var paged = Stopwatch.StartNew();
        int pages = await ListPagedAsync(http, cancellationToken);
        metrics.Add(new("list 10,000 Secrets (limit=500 pages)", paged.Elapsed.TotalMilliseconds, "ms", $"{pages} pages, as kubectl asks"));

        (double eventsPerSecond, double writesPerSecond) = await FanOutAsync(server, http, cancellationToken);
        metrics.Add(new("watch fan-out", eventsPerSecond, "events/s", $"{Updates:N0} updates × {Watchers} watchers delivered, from first write to last event read"));
        metrics.Add(new("updates while watched", writesPerSecond, "writes/s", $"merge patches, {Concurrency} concurrent writers"));

        var delete = Stopwatch.StartNew();
        using (HttpResponseMessage deleted = await http.DeleteAsync($"api/v1/namespaces/{Ns}", cancellationToken))
        {
            deleted.EnsureSuccessStatusCode();
        }

        metrics.Add(new("delete the namespace", delete.Elapsed.TotalMilliseconds, "ms", $"removes all {2 * ObjectCount:N0} objects (each checked for dependents)"));
        return metrics;
    }

    private static async Task<(double EventsPerSecond, double WritesPerSecond)> FanOutAsync(KubernetesDevServer server, HttpClient http, CancellationToken cancellationToken)
    {
        long from = server.ResourceVersion;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var ready = new CountdownEvent(Watchers);
        var readers = new List<Task>();
        for (int w = 0; w < Watchers; w++)
        {
            readers.Add(Task.Run(
                async () =>
                {
                    using HttpResponseMessage response = await http.GetAsync($"api/v1/namespaces/{Ns}/secrets?watch=true&allowWatchBookmarks=true&resourceVersion={from}", HttpCompletionOption.ResponseHeadersRead, stop.Token);
                    using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(stop.Token));
                    await reader.ReadLineAsync(stop.Token);
                    ready.Signal();
                    int modified = 0;
                    while (modified < Updates && await reader.ReadLineAsync(stop.Token) is { } line)
                    {
                        if (line.StartsWith("{\"type\":\"MODIFIED\"", StringComparison.Ordinal))
                        {
                            modified++;
                        }
                    }

                    if (modified < Updates)
                    {
                        throw new InvalidOperationException($"a watcher saw {modified} of {Updates} updates");
                    }
                },
                stop.Token));
        }

        // The bookmark line proves each watch is registered before the first write.
        ready.Wait(stop.Token);
        var clock = Stopwatch.StartNew();
        await ForEachAsync(Updates, i => PatchAsync(http, $"api/v1/namespaces/{Ns}/secrets/s{i % ObjectCount}", "{\"metadata\":{\"labels\":{\"rev\":\"" + i + "\"}}}", stop.Token));
        double writes = Updates / clock.Elapsed.TotalSeconds;
        await Task.WhenAll(readers);
        double events = (double)Updates * Watchers / clock.Elapsed.TotalSeconds;
        return (events, writes);
    }

    private static async Task<int> ListPagedAsync(HttpClient http, CancellationToken cancellationToken)
    {
        int pages = 0;
        int items = 0;
        string? next = null;
        do
        {
            string url = $"api/v1/namespaces/{Ns}/secrets?limit=500" + (next is null ? string.Empty : "&continue=" + Uri.EscapeDataString(next));
            JsonNode page = JsonNode.Parse(await http.GetByteArrayAsync(url, cancellationToken))!;
            items += page["items"]!.AsArray().Count;
            next = (string?)page["metadata"]!["continue"];
            pages++;
        }
        while (!string.IsNullOrEmpty(next));

        return items == ObjectCount ? pages : throw new InvalidOperationException($"paging returned {items} Secrets");
    }

    private static async Task ForEachAsync(int count, Func<int, Task> action)
    {
        int next = -1;
        var workers = Enumerable.Range(0, Concurrency).Select(async _ =>
        {
            for (int i = Interlocked.Increment(ref next); i < count; i = Interlocked.Increment(ref next))
            {
                await action(i);
            }
        });
        await Task.WhenAll(workers);
    }

    private static async Task PostAsync(HttpClient http, string path, string json, CancellationToken cancellationToken)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        using HttpResponseMessage response = await http.PostAsync(path, content, cancellationToken);
        if ((int)response.StatusCode != 201)
        {
            throw new InvalidOperationException($"POST {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }
    }

    private static async Task PatchAsync(HttpClient http, string path, string json, CancellationToken cancellationToken)
    {
        using var content = new StringContent(json, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/merge-patch+json");
        using HttpResponseMessage response = await http.PatchAsync(path, content, cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    private static (long Rss, long Heap) Memory()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        long heap = GC.GetTotalMemory(forceFullCollection: true);
        using var process = Process.GetCurrentProcess();
        return (process.WorkingSet64, heap);
    }

    private static string SecretJson(int i) =>
        "{\"metadata\":{\"name\":\"s" + i + "\",\"labels\":{\"app\":\"bench\",\"shard\":\"" + (i % 10) + "\"}},\"type\":\"Opaque\","
        + "\"data\":{\"username\":\"dXNlci0" + i.ToString("D5", System.Globalization.CultureInfo.InvariantCulture) + "\",\"password\":\"cGFzc3dvcmQtMDEyMzQ1Njc4OQ==\",\"url\":\"aHR0cHM6Ly9kYi5leGFtcGxlOjU0MzI=\"}}";

    private static string CustomJson(int i) =>
        "{\"apiVersion\":\"secrets.hashicorp.com/v1beta1\",\"kind\":\"VaultStaticSecret\",\"metadata\":{\"name\":\"v" + i + "\"},"
        + "\"spec\":{\"type\":\"kv-v2\",\"mount\":\"secret\",\"path\":\"app/" + i + "\",\"refreshAfter\":\"60s\",\"destination\":{\"name\":\"s" + i + "\",\"create\":true}}}";

    private const string CrdJson = """
        {"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition","metadata":{"name":"vaultstaticsecrets.secrets.hashicorp.com"},
         "spec":{"group":"secrets.hashicorp.com","scope":"Namespaced",
          "names":{"kind":"VaultStaticSecret","listKind":"VaultStaticSecretList","plural":"vaultstaticsecrets","singular":"vaultstaticsecret"},
          "versions":[{"name":"v1beta1","served":true,"storage":true,"subresources":{"status":{}},
           "schema":{"openAPIV3Schema":{"type":"object","properties":{
            "spec":{"type":"object","required":["mount","path","type","destination"],"properties":{
              "mount":{"type":"string"},"path":{"type":"string"},"type":{"type":"string","enum":["kv-v1","kv-v2"]},
              "refreshAfter":{"type":"string"},"hmacSecretData":{"type":"boolean","default":true},
              "destination":{"type":"object","required":["name"],"properties":{"name":{"type":"string"},"create":{"type":"boolean","default":false}}}}},
            "status":{"type":"object","x-kubernetes-preserve-unknown-fields":true}}}}}]}}
        """;
}
