// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Vault.Kubernetes.Testing.Kv;
using Vault.Kubernetes.Testing.Sys;
using Vault.Kubernetes.Testing.Tokens;

namespace Vault.Kubernetes.Testing.Internal;

/// <summary>
/// The server state and plug-in registry: clock, tokens, policies, mounts, leases, faults, request log.
/// Plug-ins (Kubernetes auth, database, sys/leases, wrapping) register in the partial Register*Plugin methods.
/// </summary>
internal sealed partial class VaultCore : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ConcurrentQueue<VaultRequestLogEntry> _requestLog = new();
    private readonly Dictionary<string, BackendFactory> _secretEngines = new(StringComparer.Ordinal);
    private readonly Dictionary<string, BackendFactory> _authMethods = new(StringComparer.Ordinal);

    /// <summary>Initializes a new instance of the <see cref="VaultCore"/> class with the default mounts and plug-ins.</summary>
    [SuppressMessage("Security", "CA5394:Do not use insecure randomness", Justification = "Fault injection sampling, not security.")]
    public VaultCore(VaultDevServerOptions options)
    {
        Options = options;
        Clock = options.TimeProvider;
        Tokens = new TokenStore(Clock, options.DefaultLeaseTtl, options.MaxLeaseTtl);
        Leases = new LeaseStore(Clock, options.DefaultLeaseTtl, options.MaxLeaseTtl);
        Tokens.Revoked += token => Leases.RevokeByToken(token.Id);
        Faults = new VaultDevServerFaults(Clock, options.RandomSource ?? Random.Shared.NextDouble);
        RootToken = Tokens.CreateRoot(options.RootTokenId);

        System = new SystemBackend(this);
        Mounts.TryAdd(new MountEntry { Path = "sys/", Type = "system", Accessor = "system_" + Ids.Base62(8).ToLowerInvariant(), Description = "system endpoints used for control, policy and debugging", Backend = System });
        Mounts.TryAdd(new MountEntry { Path = "cubbyhole/", Type = "cubbyhole", Accessor = "cubbyhole_" + Ids.Base62(8).ToLowerInvariant(), Description = "per-token private secret storage", Backend = new CubbyholeBackend(Tokens) });
        Mounts.TryAdd(new MountEntry { Path = "auth/token/", Type = "token", IsAuth = true, Accessor = "auth_token_" + Ids.Base62(8).ToLowerInvariant(), Description = "token based credentials", Backend = new TokenBackend(this) });

        RegisterSecretEngine("kv", (core, mount) => mount.Options?.GetValueOrDefault("version") == "2" ? new KvV2Backend() : new KvV1Backend(core, mount));
        foreach ((string path, int version) in options.KvMounts)
        {
            if (version is not (1 or 2))
            {
                throw new ArgumentException($"KV mount \"{path}\" has version {version}; use 1 or 2.", nameof(options));
            }

            string? error = Mount(path, "kv", new Dictionary<string, string> { ["version"] = version.ToString(global::System.Globalization.CultureInfo.InvariantCulture) }, isAuth: false, description: string.Empty);
            if (error is not null)
            {
                throw new ArgumentException($"Cannot mount KV at \"{path}\": {error}", nameof(options));
            }
        }

        RegisterKubernetesPlugin();
        RegisterDatabasePlugin();
        RegisterLeasesPlugin();
        RegisterWrappingPlugin();
    }

    /// <summary>Gets the options the server was started with.</summary>
    public VaultDevServerOptions Options { get; }

    /// <summary>Gets the server clock (the one the options supplied).</summary>
    public TimeProvider Clock { get; }

    /// <summary>Gets the token store.</summary>
    public TokenStore Tokens { get; }

    /// <summary>Gets the root token.</summary>
    public TokenEntry RootToken { get; }

    /// <summary>Gets the policy store.</summary>
    public PolicyStore Policies { get; } = new();

    /// <summary>Gets the mount table.</summary>
    public MountTable Mounts { get; } = new();

    /// <summary>Gets the lease registry.</summary>
    public LeaseStore Leases { get; }

    /// <summary>Gets the sys/ backend (plug-ins add sys routes with <see cref="SystemBackend.AddRoute"/>).</summary>
    public SystemBackend System { get; }

    /// <summary>Gets the fault injector.</summary>
    public VaultDevServerFaults Faults { get; }

    /// <summary>Gets the post-handler response filters, run in order under the gate (response wrapping plugs in here).</summary>
    public List<Func<VaultRequest, VaultResponse, VaultResponse>> ResponseFilters { get; } = [];

    /// <summary>Gets a snapshot of the request log.</summary>
    public IReadOnlyList<VaultRequestLogEntry> RequestLog => [.. _requestLog];

    /// <summary>Registers a secrets engine type for sys/mounts (e.g. "database").</summary>
    public void RegisterSecretEngine(string type, BackendFactory factory) => _secretEngines[type] = factory;

    /// <summary>Registers an auth method type for sys/auth (e.g. "kubernetes").</summary>
    public void RegisterAuthMethod(string type, BackendFactory factory) => _authMethods[type] = factory;

    /// <summary>Mounts an engine (<paramref name="isAuth"/> false, path like "secret") or auth method (true, path like "kubernetes" → auth/kubernetes/).</summary>
    /// <returns>Null on success, else Vault's 400 error text.</returns>
    public string? Mount(string path, string type, Dictionary<string, string>? options, bool isAuth, string description)
    {
        string fullPath = MountTable.Normalize(isAuth ? "auth/" + path.Trim('/') : path);
        if (type is "kv-v1" or "kv-v2")
        {
            // Vault's mount handler accepts these aliases for kv with a pinned version.
            options = new Dictionary<string, string>(options ?? [], StringComparer.Ordinal) { ["version"] = type[^1..] };
            type = "kv";
        }

        if (type == "kv")
        {
            options = new Dictionary<string, string>(options ?? [], StringComparer.Ordinal);
            options.TryAdd("version", "1");
        }

        if (!(isAuth ? _authMethods : _secretEngines).TryGetValue(type, out BackendFactory? factory))
        {
            return $"plugin not found in the catalog: {type}";
        }

        var entry = new MountEntry
        {
            Path = fullPath,
            Type = type,
            IsAuth = isAuth,
            Description = description,
            Options = options,
            Accessor = (isAuth ? "auth_" : string.Empty) + type.Replace('-', '_') + "_" + Ids.Base62(8).ToLowerInvariant(),
        };
        entry.Backend = factory(this, entry);
        return Mounts.TryAdd(entry) ? null : $"path is already in use at {fullPath}";
    }

    /// <summary>Runs <paramref name="action"/> under the gate that serializes all state access (use from in-process handles).</summary>
    public T Locked<T>(Func<T> action)
    {
        _gate.Wait();
        try
        {
            return action();
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Runs <paramref name="action"/> under the gate.</summary>
    public void Locked(Action action) => Locked(() =>
    {
        action();
        return true;
    });

    /// <summary>Clears the request log.</summary>
    public void ClearRequestLog() => _requestLog.Clear();

    /// <inheritdoc/>
    public void Dispose() => _gate.Dispose();

    partial void RegisterKubernetesPlugin();

    partial void RegisterDatabasePlugin();

    partial void RegisterLeasesPlugin();

    partial void RegisterWrappingPlugin();

    private void LogRequest(string method, string path, int statusCode, DateTimeOffset time) =>
        _requestLog.Enqueue(new VaultRequestLogEntry(method, path, statusCode, time));

    private async Task<IDisposable> EnterAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new Releaser(_gate);
    }

    private sealed class Releaser(SemaphoreSlim gate) : IDisposable
    {
        public void Dispose() => gate.Release();
    }
}
