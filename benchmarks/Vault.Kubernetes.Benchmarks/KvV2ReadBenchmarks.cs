// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Globalization;
using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Vault.Kubernetes.Http;
using Vault.Kubernetes.Secrets;

namespace Vault.Kubernetes.Benchmarks;

/// <summary>
/// Reads and parses one KV v2 secret through <see cref="VaultClient"/> and, as the baseline, through a bare
/// <see cref="HttpClient"/> plus <see cref="JsonDocument"/> that extracts the same fields (values, version, created
/// time, custom metadata). Both talk to the same in-memory handler.
/// </summary>
[MemoryDiagnoser]
public class KvV2ReadBenchmarks
{
    private const string Token = "hvs.CAESIBenchmarkTokenValue0123456789abcdefghijklmnop";

    private const string Body = """
        {"request_id":"8f2c1a7e-0b1d-4c55-9a0e-2d4b6f1e9c33","lease_id":"","renewable":false,"lease_duration":0,
         "data":{"data":{"username":"svc-payments","password":"p@ssw0rd-0123456789","host":"db.payments.svc.cluster.local","port":5432,"ssl":true},
                 "metadata":{"created_time":"2025-03-01T10:00:00.123456789Z","custom_metadata":{"owner":"team-a"},
                             "deletion_time":"","destroyed":false,"version":4}},
         "wrap_info":null,"warnings":null,"auth":null,"mount_type":"kv"}
        """;

    private const string ApiBase = "http://vault.bench:8200/v1/";
    private const string Mount = "secret";
    private const string SecretPath = "payments/db";

    private HttpClient _httpClient = null!;
    private VaultClient _root = null!;
    private VaultClient _client = null!;
    private VaultClient _timedRoot = null!;
    private VaultClient _timedClient = null!;

    [GlobalSetup]
    public void Setup()
    {
        _httpClient = new HttpClient(new InMemoryVaultHandler(Encoding.UTF8.GetBytes(Body)));
        _root = new VaultClient(new VaultClientOptions { Address = new Uri("http://vault.bench:8200") }, _httpClient);
        _client = _root.WithTokenProvider(new StaticTokenProvider(Token));

        // VaultClientOptions.Timeout shorter than the supplied HttpClient's: every attempt runs inside Polly with a
        // timer of its own on the TimeProvider.
        _timedRoot = new VaultClient(new VaultClientOptions { Address = new Uri("http://vault.bench:8200"), Timeout = TimeSpan.FromSeconds(30) }, _httpClient);
        _timedClient = _timedRoot.WithTokenProvider(new StaticTokenProvider(Token));
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _root.Dispose();
        _timedRoot.Dispose();
        _httpClient.Dispose();
    }

    [Benchmark(Baseline = true, Description = "HttpClient + JsonDocument")]
    public async Task<int> BareHttpClient()
    {
        // Like any caller of a bare HttpClient, build the URI from the mount and path of the secret.
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(string.Concat(ApiBase, Mount, "/data/", SecretPath)));
        request.Headers.TryAddWithoutValidation("X-Vault-Request", "true");
        request.Headers.TryAddWithoutValidation("X-Vault-Token", Token);
        using HttpResponseMessage response = await _httpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        await using Stream stream = await response.Content.ReadAsStreamAsync();
        using JsonDocument document = await JsonDocument.ParseAsync(stream);
        JsonElement data = document.RootElement.GetProperty("data").Clone();
        var values = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (JsonProperty property in data.GetProperty("data").EnumerateObject())
        {
            values[property.Name] = property.Value;
        }

        JsonElement metadata = data.GetProperty("metadata");
        int version = metadata.GetProperty("version").GetInt32();
        DateTimeOffset created = DateTimeOffset.Parse(metadata.GetProperty("created_time").GetString()![..27] + "Z", CultureInfo.InvariantCulture);
        var custom = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (JsonProperty property in metadata.GetProperty("custom_metadata").EnumerateObject())
        {
            custom[property.Name] = property.Value.GetString()!;
        }

        return values.Count + version + created.Second + custom.Count;
    }

    [Benchmark(Description = "VaultClient.ReadKvV2Async")]
    public async Task<int> VaultClientRead()
    {
        KvSecret secret = await _client.ReadKvV2Async(Mount, SecretPath);
        return secret.Data.Count + secret.Version!.Value + secret.CreatedTime!.Value.Second + secret.CustomMetadata.Count;
    }

    [Benchmark(Description = "VaultClient, own attempt timeout")]
    public async Task<int> VaultClientReadWithAttemptTimeout()
    {
        KvSecret secret = await _timedClient.ReadKvV2Async(Mount, SecretPath);
        return secret.Data.Count + secret.Version!.Value + secret.CreatedTime!.Value.Second + secret.CustomMetadata.Count;
    }
}
