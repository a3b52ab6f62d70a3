// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Vault.Kubernetes.Diagnostics;
using Vault.Kubernetes.Http;

namespace Vault.Kubernetes.Authentication;

/// <summary>One <see cref="VaultSession"/> per <see cref="VaultIdentity"/> and one <see cref="VaultClient"/> per connection, shared by every host and target that uses them.</summary>
/// <remarks>
/// <para>Hosts that serve many identities (the operator: one service account per resource namespace; the CSI provider: one per pod) acquire a
/// <see cref="VaultSessionHandle"/> per identity; all holders of one identity share one token, so a hundred targets of three identities cost three
/// logins. A session nobody holds is closed after <see cref="VaultSessionCacheOptions.IdleTimeout"/> (its token revoked when the session options ask
/// for it), and a client once its last session closed.</para>
/// <para>Thread-safe. Timing uses the injected <see cref="TimeProvider"/>.</para>
/// </remarks>
public sealed class VaultSessionCache : IAsyncDisposable
{
    private readonly VaultSessionCacheOptions _options;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;
    private readonly Func<double>? _random;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, SessionEntry> _sessions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ClientEntry> _clients = new(StringComparer.Ordinal);
    private readonly List<Task> _closing = [];
    private bool _disposed;

    /// <summary>Initializes a new instance of the <see cref="VaultSessionCache"/> class.</summary>
    /// <param name="options">The cache options; <see langword="null"/> for the defaults.</param>
    /// <param name="loggerFactory">The logger factory; <see langword="null"/> for none.</param>
    /// <param name="timeProvider">The clock; <see langword="null"/> for <see cref="TimeProvider.System"/>.</param>
    /// <param name="random">The source of jitter of the sessions, uniform in [0, 1); <see langword="null"/> for <see cref="Random.Shared"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="VaultSessionCacheOptions.IdleTimeout"/> is negative.</exception>
    public VaultSessionCache(VaultSessionCacheOptions? options = null, ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null, Func<double>? random = null)
    {
        _options = options ?? new VaultSessionCacheOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.IdleTimeout, TimeSpan.Zero, "options.IdleTimeout");
        ArgumentNullException.ThrowIfNull(_options.Session, "options.Session");
        _loggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
        _logger = _loggerFactory.CreateLogger<VaultSessionCache>();
        _timeProvider = timeProvider ?? TimeProvider.System;
        _random = random;
    }

    /// <summary>Gets how many sessions are open, held or idle.</summary>
    public int SessionCount
    {
        get
        {
            lock (_lock)
            {
                return _sessions.Count;
            }
        }
    }

    /// <summary>Gets how many clients (connections) are open.</summary>
    public int ClientCount
    {
        get
        {
            lock (_lock)
            {
                return _clients.Count;
            }
        }
    }

    /// <summary>Returns a hold on the session of <paramref name="identity"/>, opening it (and its connection's client) when none is cached.</summary>
    /// <param name="identity">Who logs in to which Vault.</param>
    /// <returns>A handle; dispose it when the identity is no longer needed. Nothing is sent to Vault until the session is first used.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="identity"/> is <see langword="null"/>.</exception>
    /// <exception cref="ObjectDisposedException">The cache was disposed.</exception>
    public VaultSessionHandle Acquire(VaultIdentity identity)
    {
        ArgumentNullException.ThrowIfNull(identity);
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!_sessions.TryGetValue(identity.Key, out SessionEntry? entry))
            {
                ClientEntry client = AcquireClient(identity);
                var session = new VaultSession(client.Client, identity.CreateAuthMethod(), _options.Session, _loggerFactory, _timeProvider, _random);
                entry = new SessionEntry(identity, session, client);
                _sessions.Add(identity.Key, entry);
                _logger.VaultSessionOpened(identity.ToString(), _sessions.Count);
            }

            entry.Holders++;
            entry.IdleTimer?.Dispose();
            entry.IdleTimer = null;
            return new VaultSessionHandle(identity, entry.Session, Release);
        }
    }

    /// <summary>Returns a task that completes when every cached session is idle (no login or renewal in flight); for tests with a fake clock.</summary>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>A task that completes when the sessions are idle.</returns>
    public Task WhenIdleAsync(CancellationToken cancellationToken = default)
    {
        Task[] sessions;
        lock (_lock)
        {
            sessions = [.. _sessions.Values.Select(e => e.Session.WhenIdleAsync(cancellationToken)), .. _closing];
        }

        return Task.WhenAll(sessions);
    }

    /// <summary>Closes every session (revoking tokens where the session options ask for it) and every client.</summary>
    /// <returns>A task that completes when everything is closed.</returns>
    public async ValueTask DisposeAsync()
    {
        SessionEntry[] sessions;
        Task[] closing;
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            sessions = [.. _sessions.Values];
            _sessions.Clear();
            closing = [.. _closing];
        }

        await Task.WhenAll(closing).ConfigureAwait(false);
        foreach (SessionEntry entry in sessions)
        {
            await CloseAsync(entry).ConfigureAwait(false);
        }
    }

    private ClientEntry AcquireClient(VaultIdentity identity)
    {
        if (!_clients.TryGetValue(identity.ConnectionKey, out ClientEntry? client))
        {
            VaultClient created = _options.ClientFactory?.Invoke(identity.Connection)
                ?? new VaultClient(identity.Connection, httpClient: null, _loggerFactory, _timeProvider);
            client = new ClientEntry(identity.ConnectionKey, created);
            _clients.Add(identity.ConnectionKey, client);
        }

        client.Sessions++;
        return client;
    }

    private void Release(VaultSessionHandle handle)
    {
        lock (_lock)
        {
            if (_disposed || !_sessions.TryGetValue(handle.Identity.Key, out SessionEntry? entry) || !ReferenceEquals(entry.Session, handle.Session))
            {
                return;
            }

            if (--entry.Holders > 0)
            {
                return;
            }

            if (_options.IdleTimeout == TimeSpan.Zero)
            {
                RemoveIdle(entry);
                return;
            }

            entry.IdleTimer = _timeProvider.CreateTimer(static state => ((IdleState)state!).Fire(), new IdleState(this, entry), _options.IdleTimeout, Timeout.InfiniteTimeSpan);
        }
    }

    private void OnIdle(SessionEntry entry)
    {
        lock (_lock)
        {
            // Acquired again while the timer was due: the session stays.
            if (_disposed || entry.Holders > 0 || !_sessions.TryGetValue(entry.Identity.Key, out SessionEntry? current) || !ReferenceEquals(current, entry))
            {
                return;
            }

            RemoveIdle(entry);
        }
    }

    private void RemoveIdle(SessionEntry entry)
    {
        // Called under the lock: the entry leaves the cache now, so a new Acquire opens a fresh session while this one closes.
        _sessions.Remove(entry.Identity.Key);
        entry.IdleTimer?.Dispose();
        Task closing = CloseAsync(entry);
        _closing.Add(closing);
        _ = closing.ContinueWith(
            (t, state) =>
            {
                var cache = (VaultSessionCache)state!;
                lock (cache._lock)
                {
                    cache._closing.Remove(t);
                }
            },
            this,
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
        _logger.VaultSessionClosed(entry.Identity.ToString(), _sessions.Count);
    }

    private async Task CloseAsync(SessionEntry entry)
    {
        await Task.Yield();
        entry.IdleTimer?.Dispose();
        await entry.Session.DisposeAsync().ConfigureAwait(false);
        bool disposeClient;
        lock (_lock)
        {
            disposeClient = --entry.Client.Sessions == 0;
            if (disposeClient)
            {
                _clients.Remove(entry.Client.Key);
            }
        }

        if (disposeClient)
        {
            entry.Client.Client.Dispose();
        }
    }

    /// <summary>Returns a task that completes when the sessions being closed now are closed; tests wait on it after advancing the clock.</summary>
    internal Task WhenClosedAsync()
    {
        lock (_lock)
        {
            return Task.WhenAll([.. _closing]);
        }
    }

    /// <summary>Lists the keys of the cached identities, for diagnostics and tests.</summary>
    /// <returns>The identity keys, ordered.</returns>
    internal IReadOnlyList<string> GetIdentityKeys()
    {
        lock (_lock)
        {
            return _sessions.Keys.Order(StringComparer.Ordinal).ToArray();
        }
    }

    private sealed class SessionEntry(VaultIdentity identity, VaultSession session, ClientEntry client)
    {
        public VaultIdentity Identity { get; } = identity;

        public VaultSession Session { get; } = session;

        public ClientEntry Client { get; } = client;

        public int Holders { get; set; }

        public ITimer? IdleTimer { get; set; }
    }

    private sealed class ClientEntry(string key, VaultClient client)
    {
        public string Key { get; } = key;

        public VaultClient Client { get; } = client;

        public int Sessions { get; set; }
    }

    private sealed class IdleState(VaultSessionCache cache, SessionEntry entry)
    {
        public void Fire() => cache.OnIdle(entry);
    }
}
