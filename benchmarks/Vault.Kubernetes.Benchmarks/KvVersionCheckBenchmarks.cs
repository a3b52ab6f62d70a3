// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Text;
using BenchmarkDotNet.Attributes;
using Vault.Kubernetes.Http;
using Vault.Kubernetes.Secrets;

namespace Vault.Kubernetes.Benchmarks;

/// <summary>
/// The check every unchanged KV v2 refresh makes: "what is the current version?". The baseline reads the whole metadata
/// (<see cref="VaultClientKvExtensions.ReadKvV2MetadataAsync"/>, every version's times and custom metadata); the engine's
/// check (<see cref="VaultSecretSource.GetCurrentVersionAsync"/>, mount lookup cached) reads only <c>current_version</c>.
/// </summary>
[MemoryDiagnoser]
public class KvVersionCheckBenchmarks
{
    private const string MountBody = """{"request_id":"m","data":{"type":"kv","path":"secret/","options":{"version":"2"}}}""";

    private VaultClient _root = null!;
    private VaultClient _client = null!;
    private VaultSecretSource _source = null!;
    private SecretSpec _spec = null!;

    [GlobalSetup]
    public async Task Setup()
    {
        // A secret with ten versions, as one that has been rotated for a while has.
        var versions = string.Join(",", Enumerable.Range(1, 10).Select(v =>
            $$"""
            "{{v}}":{"created_time":"2025-03-{{v:00}}T10:00:00.123456789Z","deletion_time":"","destroyed":false}
            """));
        string body = $$"""
            {"request_id":"8f2c1a7e-0b1d-4c55-9a0e-2d4b6f1e9c33","lease_id":"","renewable":false,"lease_duration":0,
             "data":{"cas_required":false,"created_time":"2025-03-01T10:00:00.123456789Z","current_version":10,
                     "custom_metadata":{"owner":"team-a","rotation":"monthly"},"delete_version_after":"0s","max_versions":0,
                     "oldest_version":1,"updated_time":"2025-03-10T10:00:00.123456789Z","versions":{ {{versions}} } },
             "wrap_info":null,"warnings":null,"auth":null,"mount_type":"kv"}
            """;
        var http = new HttpClient(new InMemoryVaultHandler(Encoding.UTF8.GetBytes(body), Encoding.UTF8.GetBytes(MountBody)));
        _root = new VaultClient(new VaultClientOptions { Address = new Uri("http://vault.bench:8200") }, http);
        _client = _root.WithTokenProvider(new StaticTokenProvider("hvs.CAESIBenchmarkTokenValue0123456789abcdefghijklmnop"));
        _source = new VaultSecretSource(_client);
        _spec = new SecretSpec("db", "secret/payments/db");
        _ = await _source.GetCurrentVersionAsync(_spec);
    }

    [GlobalCleanup]
    public void Cleanup() => _root.Dispose();

    [Benchmark(Baseline = true, Description = "whole metadata (ReadKvV2MetadataAsync)")]
    public async Task<int> WholeMetadata() => (await _client.ReadKvV2MetadataAsync("secret", "payments/db"))!.CurrentVersion;

    [Benchmark(Description = "engine's version check (current_version only)")]
    public async Task<int> CurrentVersionOnly() => (await _source.GetCurrentVersionAsync(_spec)) ?? 0;
}
