// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Vault.Kubernetes.Authentication;
using Vault.Kubernetes.Diagnostics;
using Vault.Kubernetes.Leases;
using Vault.Kubernetes.Secrets;

namespace Vault.Kubernetes.Sync;

/// <summary>Keeps a set of Vault secrets fresh in one destination: fetch, transform, hash, write on change, schedule the next action.</summary>
/// <remarks>
/// <para>
/// Every consumer (configuration provider, agent, operator, CSI provider) is this engine plus a sink. Specs can be added, updated and
/// removed at runtime. Each spec runs its own lease plan: renewable leases are renewed at a fraction of their duration, re-issued
/// before they expire once renewals stop extending them; KV secrets are re-checked on the refresh interval (KV version 2 checks the
/// version first); static credentials are re-read just after they rotate.
/// </para>
/// <para>
/// A failure is state, not a crash: the destination keeps its last good content, the spec is retried with bounded exponential
/// backoff and jitter, and <see cref="GetState(string)"/>, the logs, metrics and <see cref="SyncEvent"/> show it.
/// All timing uses the injected <see cref="TimeProvider"/>, so the engine is deterministic under a fake clock.
/// </para>
/// </remarks>
public sealed partial class SecretSyncEngine : IAsyncDisposable
{
    private readonly IVaultSecretSource _source;
    private readonly ISecretSink _sink;
    private readonly SecretSyncEngineOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;
    private readonly Func<double> _random;
    private readonly ContentHasher _hasher = new();
    private readonly ExponentialBackoff _backoff;
    private readonly LeasePlan _plan;
    private readonly ConcurrentDictionary<TimeSpan, LeasePlan> _plansByInterval = new();
    private readonly SemaphoreSlim _concurrency;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<string, SyncEntry> _entries = new(StringComparer.Ordinal);
    private readonly object _idleLock = new();
    private TaskCompletionSource _idle = CompletedIdle();
    private int _inFlight;
    private int _disposed;

    /// <summary>Initializes a new instance of the <see cref="SecretSyncEngine"/> class.</summary>
    /// <param name="source">The Vault operations, normally a <see cref="VaultSecretSource"/> over a session's client.</param>
    /// <param name="sink">The destination.</param>
    /// <param name="options">The engine options; <see langword="null"/> for the defaults.</param>
    /// <param name="loggerFactory">The logger factory; <see langword="null"/> for none.</param>
    /// <param name="timeProvider">The clock; <see langword="null"/> for <see cref="TimeProvider.System"/>.</param>
    /// <param name="random">The source of jitter, uniform in [0, 1); <see langword="null"/> for <see cref="Random.Shared"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="source"/> or <paramref name="sink"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public SecretSyncEngine(
        IVaultSecretSource source,
        ISecretSink sink,
        SecretSyncEngineOptions? options = null,
        ILoggerFactory? loggerFactory = null,
        TimeProvider? timeProvider = null,
        Func<double>? random = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(sink);
        _options = options ?? new SecretSyncEngineOptions();
        _options.Validate();
        _source = source;
        _sink = sink;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<SecretSyncEngine>();
        _timeProvider = timeProvider ?? TimeProvider.System;
        _random = random ?? Random.Shared.NextDouble;
        _backoff = new ExponentialBackoff(_options.RetryMinimum, _options.RetryMaximum);
        _plan = new LeasePlan(_options.LeasePlan);
        _concurrency = new SemaphoreSlim(_options.MaxConcurrency, _options.MaxConcurrency);
        SyncMetrics.Track(this, _timeProvider);
    }

    /// <summary>Occurs after each reconcile of a spec (changed, unchanged, renewed, rotated, failed) and when a spec is removed.</summary>
    /// <remarks>Handlers run on the engine's worker; an exception thrown by a handler is logged and does not stop the engine.</remarks>
    public event EventHandler<SecretSyncEventArgs>? SyncEvent;

    /// <summary>Gets the names of the specs the engine keeps fresh.</summary>
    public IReadOnlyCollection<string> SpecNames => _entries.Keys.ToArray();

    /// <summary>Adds a spec, or replaces the spec with the same name, and schedules its first fetch now.</summary>
    /// <param name="spec">The spec.</param>
    /// <exception cref="ArgumentNullException"><paramref name="spec"/> is <see langword="null"/>.</exception>
    /// <exception cref="ObjectDisposedException">The engine was disposed.</exception>
    public void AddOrUpdate(SecretSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var entry = new SyncEntry(spec);
        SyncEntry? replaced = null;
        _entries.AddOrUpdate(spec.Name, entry, (_, old) =>
        {
            replaced = old;
            return entry;
        });
        if (replaced is not null)
        {
            Retire(replaced);
        }

        entry.NextActionAt = _timeProvider.GetUtcNow();
        StartInBackground(entry);
    }

    /// <summary>Re-issues every secret that holds a lease, soon (spread over a few seconds), keeping the old values until the new ones are written.</summary>
    /// <remarks>
    /// Vault revokes the leases a token created when that token expires. After the session logs in again with a new token, the
    /// leases obtained under the old token die with it, however long their own TTL; <see cref="FollowSession"/> calls this then.
    /// </remarks>
    public void ReissueLeasedSecrets()
    {
        DateTimeOffset now = _timeProvider.GetUtcNow();
        foreach (SyncEntry entry in _entries.Values)
        {
            if (entry.Lease is { Kind: LeaseKind.Leased } && !entry.Removed)
            {
                // The flag survives a reconcile already in flight, which would otherwise overwrite this schedule with its own plan.
                entry.ReissueRequested = true;

                // Jitter spreads the re-issues so many secrets do not hit Vault in the same instant.
                Schedule(entry, LeaseAction.Reissue, now + TimeSpan.FromSeconds(1 + (4 * _random())));
            }
        }
    }

    /// <summary>Ties leased secrets to a session's token: each time the session logs in again, leased secrets are re-issued under the new token.</summary>
    /// <param name="session">The session whose client the engine's source uses.</param>
    /// <returns>A subscription; dispose it to stop following the session.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="session"/> is <see langword="null"/>.</exception>
    public IDisposable FollowSession(VaultSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        int logins = 0;
        EventHandler<VaultSessionEventArgs> handler = (_, _) =>
        {
            // The first login issues the leases; only later logins leave leases behind on a token that will expire.
            if (Interlocked.Increment(ref logins) > 1 && Volatile.Read(ref _disposed) == 0)
            {
                ReissueLeasedSecrets();
            }
        };
        session.LoggedIn += handler;
        return new Subscription(() => session.LoggedIn -= handler);
    }

    /// <summary>Removes a spec: stops its schedule and deletes its content from the destination.</summary>
    /// <param name="name">The spec's name.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns><see langword="true"/> if the spec was known.</returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty.</exception>
    public async Task<bool> RemoveAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (!_entries.TryRemove(name, out SyncEntry? entry))
        {
            return false;
        }

        Retire(entry);
        await _sink.RemoveAsync(entry.Spec, cancellationToken).ConfigureAwait(false);
        _logger.SyncSpecRemoved(name);
        Raise(entry.Spec.Name, SecretSyncEventKind.Removed, null);
        return true;
    }

    /// <summary>Returns the state of one spec, or <see langword="null"/> when the engine does not know it.</summary>
    /// <param name="name">The spec's name.</param>
    /// <returns>A snapshot of the spec's state.</returns>
    public SecretSyncState? GetState(string name) =>
        _entries.TryGetValue(name, out SyncEntry? entry) ? entry.ToState() : null;

    internal IEnumerable<(SecretSyncState State, string Path)> GetStatesWithPaths() =>
        _entries.Values.Select(e => (e.ToState(), e.Spec.Path));

    /// <summary>Returns the state of every spec.</summary>
    /// <returns>A snapshot of each spec's state, ordered by name.</returns>
    public IReadOnlyList<SecretSyncState> GetStates() =>
        _entries.Values.Select(e => e.ToState()).OrderBy(s => s.SpecName, StringComparer.Ordinal).ToArray();

    /// <summary>Reconciles every spec now, in parallel up to <see cref="SecretSyncEngineOptions.MaxConcurrency"/>, and reports each outcome.</summary>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>One result per spec; failures are results, not exceptions.</returns>
    /// <remarks>Hosts use this for the initial load (configuration provider, agent init mode); the schedules carry on afterwards.</remarks>
    public async Task<IReadOnlyList<SecretSyncResult>> SyncAllAsync(CancellationToken cancellationToken = default)
    {
        SyncEntry[] entries = _entries.Values.ToArray();
        SecretSyncResult[] results = await Task.WhenAll(entries.Select(e => ProcessAsync(e, cancellationToken))).ConfigureAwait(false);
        return results;
    }

    /// <summary>Returns a task that completes when no reconcile is queued or running.</summary>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>A task that completes when the engine is idle.</returns>
    /// <remarks>With a fake clock, advance time and then await this to let every due action finish.</remarks>
    public Task WhenIdleAsync(CancellationToken cancellationToken = default)
    {
        lock (_idleLock)
        {
            return _idle.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Stops every schedule promptly and, when <see cref="SecretSyncEngineOptions.RevokeLeasesOnDispose"/> is set, revokes the leases the engine created.</summary>
    /// <returns>A task that completes when the engine has stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        SyncMetrics.Untrack(this);
        await _stopping.CancelAsync().ConfigureAwait(false);
        foreach (SyncEntry entry in _entries.Values)
        {
            entry.Timer?.Dispose();
        }

        Task idle;
        lock (_idleLock)
        {
            idle = _idle.Task;
        }

        await idle.ConfigureAwait(false);

        if (_options.RevokeLeasesOnDispose)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10), _timeProvider);
            foreach (SyncEntry entry in _entries.Values)
            {
                await RevokeOwnedLeasesAsync(entry, timeout.Token).ConfigureAwait(false);
            }
        }

        foreach (SyncEntry entry in _entries.Values)
        {
            entry.Dispose();
        }

        _entries.Clear();
        _hasher.Dispose();
        _concurrency.Dispose();
        _stopping.Dispose();
    }

    private static TaskCompletionSource CompletedIdle()
    {
        var completed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        completed.SetResult();
        return completed;
    }

    private void StartInBackground(SyncEntry entry)
    {
        lock (_idleLock)
        {
            if (_inFlight++ == 0)
            {
                _idle = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }

        _ = RunInBackgroundAsync(entry);
    }

    private async Task RunInBackgroundAsync(SyncEntry entry)
    {
        try
        {
            // Yield first so a timer callback (which may run inside FakeTimeProvider.Advance) never does I/O inline.
            await Task.Yield();
            await ProcessAsync(entry, _stopping.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // Disposal stops background work; nothing to report.
        }
        finally
        {
            lock (_idleLock)
            {
                if (--_inFlight == 0)
                {
                    _idle.TrySetResult();
                }
            }
        }
    }

    private LeasePlan PlanFor(SecretSpec spec)
    {
        if (spec.RefreshInterval is not TimeSpan interval || interval == _options.LeasePlan.RefreshInterval)
        {
            return _plan;
        }

        // A spec with its own refresh interval gets its own plan; plans are immutable and shared per interval.
        return _plansByInterval.GetOrAdd(interval, static (i, o) =>
        {
            LeasePlanOptions options = o.Clone();
            options.RefreshInterval = i;
            return new LeasePlan(options);
        }, _options.LeasePlan);
    }

    private void Schedule(SyncEntry entry, LeaseAction? action, DateTimeOffset dueAt)
    {
        entry.NextAction = action;
        entry.NextActionAt = dueAt;
        if (entry.Removed || _stopping.IsCancellationRequested)
        {
            return;
        }

        TimeSpan delay = dueAt - _timeProvider.GetUtcNow();
        if (delay < TimeSpan.Zero)
        {
            delay = TimeSpan.Zero;
        }

        entry.Timer?.Dispose();
        entry.Timer = _timeProvider.CreateTimer(static state => ((TimerState)state!).Fire(), new TimerState(this, entry), delay, Timeout.InfiniteTimeSpan);
        _logger.SyncScheduled(entry.Spec.Name, action?.ToString() ?? "Fetch", dueAt);
    }

    private void Retire(SyncEntry entry)
    {
        entry.Removed = true;
        entry.Timer?.Dispose();
    }

    private void Raise(string specName, SecretSyncEventKind kind, Exception? error)
    {
        EventHandler<SecretSyncEventArgs>? handler = SyncEvent;
        if (handler is null)
        {
            return;
        }

        try
        {
            handler(this, new SecretSyncEventArgs(specName, kind, _timeProvider.GetUtcNow(), error));
        }
        catch (Exception ex)
        {
            // A consumer's handler must not break the engine's schedule.
            _logger.SyncEventHandlerFailed(ex, specName);
        }
    }

    private sealed class Subscription(Action unsubscribe) : IDisposable
    {
        private Action? _unsubscribe = unsubscribe;

        public void Dispose() => Interlocked.Exchange(ref _unsubscribe, null)?.Invoke();
    }

    private sealed class TimerState(SecretSyncEngine engine, SyncEntry entry)
    {
        public void Fire()
        {
            if (!entry.Removed && !engine._stopping.IsCancellationRequested)
            {
                engine.StartInBackground(entry);
            }
        }
    }
}
