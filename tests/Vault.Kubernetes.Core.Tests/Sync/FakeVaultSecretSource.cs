// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Collections.Concurrent;
using System.Text.Json;
using Vault.Kubernetes.Leases;
using Vault.Kubernetes.Secrets;
using Vault.Kubernetes.Sync;

namespace Vault.Kubernetes.Core.Tests.Sync;

/// <summary>An in-memory model of the Vault behaviour the engine depends on: KV v2 versions, KV v1 secrets, leases capped at a max TTL, outages.</summary>
/// <remarks>Shared by the Core, Configuration and Agent test projects (linked, not copied).</remarks>
internal sealed class FakeVaultSecretSource : IVaultSecretSource
{
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, (int? Version, Dictionary<string, JsonElement> Data)> _kv = new();
    private readonly ConcurrentDictionary<string, (TimeSpan Ttl, TimeSpan MaxTtl, bool Renewable)> _roles = new();
    private readonly ConcurrentDictionary<string, Lease> _leases = new();

    public FakeVaultSecretSource(TimeProvider time) => _time = time;

    public bool Outage { get; set; }

    public int Reads;
    public int VersionChecks;
    public int Renewals;
    public int Revocations;
    public int Issued;
    public int InFlight;
    public int MaxInFlight;

    public Func<Task>? OnRead { get; set; }

    public void PutKv(string path, Dictionary<string, string> data) => PutKvData(path, ToJson(data));

    public void PutKvJson(string path, string json) =>
        PutKvData(path, JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(json)!);

    private void PutKvData(string path, Dictionary<string, JsonElement> data) =>
        _kv.AddOrUpdate(path, (1, data), (_, old) => ((old.Version ?? 0) + 1, data));

    /// <summary>Stores an unversioned KV v1 secret: reads carry no version, so the engine cannot skip them by version.</summary>
    public void PutKv1(string path, Dictionary<string, string> data) => _kv[path] = (null, ToJson(data));

    public void DeleteKv(string path) => _kv.TryRemove(path, out _);

    /// <summary>Makes reads of <paramref name="path"/> issue fresh credentials (<c>v-user-n</c> / <c>pw-n</c>) under a new lease.</summary>
    public void DefineRole(string path, TimeSpan ttl, TimeSpan maxTtl, bool renewable = true) => _roles[path] = (ttl, maxTtl, renewable);

    public bool IsValid(string username, string password)
    {
        DateTimeOffset now = _time.GetUtcNow();
        return _leases.Values.Any(l => l.Username == username && l.Password == password && !l.Revoked && l.ExpiresAt > now);
    }

    public IReadOnlyCollection<Lease> AllLeases => [.. _leases.Values];

    public Lease? FindLease(string leaseId) => _leases.TryGetValue(leaseId, out Lease? lease) ? lease : null;

    public async Task<SecretSnapshot> ReadAsync(SecretSpec spec, CancellationToken cancellationToken = default)
    {
        int inFlight = Interlocked.Increment(ref InFlight);
        InterlockedMax(ref MaxInFlight, inFlight);
        try
        {
            if (OnRead is not null)
            {
                await OnRead();
            }

            ThrowIfOutage();
            Interlocked.Increment(ref Reads);
            DateTimeOffset now = _time.GetUtcNow();
            if (_roles.TryGetValue(spec.Path, out var role))
            {
                int n = Interlocked.Increment(ref Issued);
                var lease = new Lease($"{spec.Path}/lease{n}", $"v-user-{n}", $"pw-{n}", now, now + role.Ttl, now + role.MaxTtl, role.Ttl, role.Renewable);
                _leases[lease.Id] = lease;
                return new SecretSnapshot(ToJson(new() { ["username"] = lease.Username, ["password"] = lease.Password }), now)
                {
                    LeaseId = lease.Id,
                    LeaseDuration = role.Ttl,
                    Renewable = lease.Renewable,
                };
            }

            if (_kv.TryGetValue(spec.Path, out var kv))
            {
                return new SecretSnapshot(kv.Data, now) { Version = kv.Version };
            }

            throw new InvalidOperationException($"no secret exists at {spec.Path}");
        }
        finally
        {
            Interlocked.Decrement(ref InFlight);
        }
    }

    public Task<int?> GetCurrentVersionAsync(SecretSpec spec, CancellationToken cancellationToken = default)
    {
        ThrowIfOutage();
        Interlocked.Increment(ref VersionChecks);
        return Task.FromResult(_kv.TryGetValue(spec.Path, out var kv) ? kv.Version : null);
    }

    public Task<IReadOnlyList<string>> ListAsync(string path, CancellationToken cancellationToken = default)
    {
        ThrowIfOutage();
        string prefix = path.Trim('/') + "/";
        IReadOnlyList<string> keys = _kv.Keys
            .Where(k => k.StartsWith(prefix, StringComparison.Ordinal))
            .Select(k => k[prefix.Length..])
            .Select(rest => rest.Contains('/', StringComparison.Ordinal) ? rest[..(rest.IndexOf('/', StringComparison.Ordinal) + 1)] : rest)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToArray();
        return Task.FromResult(keys);
    }

    public Task<LeaseGrant> RenewLeaseAsync(string leaseId, TimeSpan increment, CancellationToken cancellationToken = default)
    {
        ThrowIfOutage();
        DateTimeOffset now = _time.GetUtcNow();
        if (!_leases.TryGetValue(leaseId, out Lease? lease) || lease.Revoked)
        {
            throw new InvalidOperationException("lease not found");
        }

        if (lease.ExpiresAt <= now)
        {
            throw new InvalidOperationException("lease expired");
        }

        if (!lease.Renewable)
        {
            throw new InvalidOperationException("lease is not renewable");
        }

        Interlocked.Increment(ref Renewals);
        DateTimeOffset requested = now + increment;
        lease.ExpiresAt = requested < lease.MaxExpiresAt ? requested : lease.MaxExpiresAt;
        lease.RenewedAt.Add(now);
        return Task.FromResult(new LeaseGrant(lease.ExpiresAt - now, true, []));
    }

    public Task RevokeLeaseAsync(string leaseId, CancellationToken cancellationToken = default)
    {
        ThrowIfOutage();
        if (_leases.TryGetValue(leaseId, out Lease? lease))
        {
            lease.Revoked = true;
            Interlocked.Increment(ref Revocations);
        }

        return Task.CompletedTask;
    }

    private void ThrowIfOutage()
    {
        if (Outage)
        {
            throw new HttpRequestException("Connection refused (127.0.0.1:8200)");
        }
    }

    private static Dictionary<string, JsonElement> ToJson(Dictionary<string, string> data) =>
        data.ToDictionary(p => p.Key, p => JsonSerializer.SerializeToElement(p.Value));

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while (value > (current = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }

    internal sealed class Lease(string id, string username, string password, DateTimeOffset issuedAt, DateTimeOffset expiresAt, DateTimeOffset maxExpiresAt, TimeSpan ttl, bool renewable)
    {
        public string Id { get; } = id;
        public string Username { get; } = username;
        public string Password { get; } = password;
        public DateTimeOffset IssuedAt { get; } = issuedAt;
        public DateTimeOffset ExpiresAt { get; set; } = expiresAt;
        public DateTimeOffset MaxExpiresAt { get; } = maxExpiresAt;
        public TimeSpan Ttl { get; } = ttl;
        public bool Renewable { get; } = renewable;
        public bool Revoked { get; set; }
        public List<DateTimeOffset> RenewedAt { get; } = [];
    }
}
