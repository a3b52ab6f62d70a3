// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Collections.Concurrent;
using System.Text.Json;
using Vault.Kubernetes.Secrets;
using Vault.Kubernetes.Sync;

namespace Vault.Kubernetes.Agent.Tests.TestSupport;

/// <summary>An in-memory Vault for the agent's engine: versioned KV v2 secrets, KV v1 secrets, dynamic roles issuing fresh credentials, and outages.</summary>
internal sealed class FakeVaultSecretSource : IVaultSecretSource
{
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, (int Version, Dictionary<string, JsonElement> Data)> _kv2 = new();
    private readonly ConcurrentDictionary<string, Dictionary<string, JsonElement>> _kv1 = new();
    private readonly ConcurrentDictionary<string, TimeSpan> _roles = new();
    private int _issued;

    public FakeVaultSecretSource(TimeProvider time) => _time = time;

    public bool Outage { get; set; }

    public int Reads;

    public void PutKv2(string path, Dictionary<string, object> data) =>
        _kv2.AddOrUpdate(path, (1, ToJson(data)), (_, old) => (old.Version + 1, ToJson(data)));

    public void PutKv1(string path, Dictionary<string, object> data) => _kv1[path] = ToJson(data);

    public void DefineRole(string path, TimeSpan ttl) => _roles[path] = ttl;

    public Task<SecretSnapshot> ReadAsync(SecretSpec spec, CancellationToken cancellationToken = default)
    {
        ThrowIfOutage();
        Interlocked.Increment(ref Reads);
        DateTimeOffset now = _time.GetUtcNow();
        if (_roles.TryGetValue(spec.Path, out TimeSpan ttl))
        {
            int n = Interlocked.Increment(ref _issued);
            var data = ToJson(new() { ["username"] = $"v-app-{n}", ["password"] = $"dyn-pass-{n}" });
            return Task.FromResult(new SecretSnapshot(data, now) { LeaseId = $"{spec.Path}/lease-{n}", LeaseDuration = ttl, Renewable = false });
        }

        if (_kv2.TryGetValue(spec.Path, out var kv2))
        {
            return Task.FromResult(new SecretSnapshot(kv2.Data, now) { Version = kv2.Version });
        }

        if (_kv1.TryGetValue(spec.Path, out var kv1))
        {
            return Task.FromResult(new SecretSnapshot(kv1, now));
        }

        throw new InvalidOperationException($"no secret exists at {spec.Path}");
    }

    public Task<int?> GetCurrentVersionAsync(SecretSpec spec, CancellationToken cancellationToken = default)
    {
        ThrowIfOutage();
        return Task.FromResult(_kv2.TryGetValue(spec.Path, out var kv) ? kv.Version : (int?)null);
    }

    public Task<IReadOnlyList<string>> ListAsync(string path, CancellationToken cancellationToken = default)
    {
        // The agent never lists folders; a listing would mean a spec was built wrongly.
        throw new NotSupportedException($"The agent does not list KV folders (asked for '{path}').");
    }

    public Task<LeaseGrant> RenewLeaseAsync(string leaseId, TimeSpan increment, CancellationToken cancellationToken = default)
    {
        ThrowIfOutage();
        return Task.FromResult(new LeaseGrant(increment, false, []));
    }

    public Task RevokeLeaseAsync(string leaseId, CancellationToken cancellationToken = default)
    {
        ThrowIfOutage();
        return Task.CompletedTask;
    }

    private void ThrowIfOutage()
    {
        if (Outage)
        {
            throw new HttpRequestException("Connection refused (127.0.0.1:8200)");
        }
    }

    private static Dictionary<string, JsonElement> ToJson(Dictionary<string, object> data) =>
        data.ToDictionary(p => p.Key, p => p.Value switch
        {
            string s => JsonSerializer.SerializeToElement(s),
            int i => JsonSerializer.SerializeToElement(i),
            bool b => JsonSerializer.SerializeToElement(b),
            JsonElement e => e,
            _ => throw new ArgumentException($"unsupported value type for {p.Key}"),
        });
}
