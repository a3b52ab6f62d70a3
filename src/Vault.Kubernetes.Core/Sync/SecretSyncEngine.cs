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

/// <summary>Keeps targets fresh in a destination: fetch each spec, transform, hash the target's combined content, write on change, schedule the next action.</summary>
/// <remarks>
/// <para>
/// Every consumer (configuration provider, agent, operator, CSI provider) is this engine plus a sink. A <see cref="SecretSyncTarget"/> is
/// one destination: an identity and an ordered list of specs, written only when every spec has a value and only when the combined content
/// changed. Targets can be added, replaced and removed at runtime; specs that several targets share are fetched and leased once.
/// </para>
/// <para>
/// Each fetched secret runs its own lease plan: renewable leases are renewed at a fraction of their duration and re-issued before they
/// expire once renewals stop extending them; KV secrets are re-checked on the refresh interval (KV version 2 checks the version first);
/// static credentials are re-read just after they rotate. With a <see cref="VaultSessionCache"/>, each identity's session is shared, and
/// a re-login re-issues that identity's leases (Vault revokes a token's leases with the token).
/// </para>
/// <para>
/// A failure is state, not a crash: the destination keeps its last good content, the secret is retried with bounded exponential backoff
/// and jitter, and <see cref="GetTargetState(string)"/>, the logs, metrics and <see cref="SyncEvent"/> show it. All timing uses the
/// injected <see cref="TimeProvider"/>, so the engine is deterministic under a fake clock.
/// </para>
/// </remarks>
public sealed partial class SecretSyncEngine : IAsyncDisposable
{
    private readonly ISecretSink _sink;
    private readonly VaultSessionCache? _sessions;
    private readonly SecretSyncEngineOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;
    private readonly Func<double> _random;

    // The session the engine's own source uses, when a host asked the engine to follow it.
    private VaultSession? _followedSession;
    private readonly ContentHasher _hasher;
    private readonly ExponentialBackoff _backoff;
    private readonly LeasePlan _plan;
    private readonly ConcurrentDictionary<TimeSpan, LeasePlan> _plansByInterval = new();
    private readonly SemaphoreSlim _concurrency;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _targetsLock = new();
    private readonly Dictionary<string, TargetEntry> _targets = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SyncEntry> _entries = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IdentitySlot> _slots = new(StringComparer.Ordinal);
    private readonly IdentitySlot? _defaultSlot;
    private readonly object _idleLock = new();
    private TaskCompletionSource _idle = CompletedIdle();
    private int _inFlight;
    private int _disposed;

    /// <summary>Initializes a new instance of the <see cref="SecretSyncEngine"/> class whose targets all read through one source.</summary>
    /// <param name="source">The Vault operations, normally a <see cref="VaultSecretSource"/> over a session's client.</param>
    /// <param name="sink">The destination.</param>
    /// <param name="options">The engine options; <see langword="null"/> for the defaults.</param>
    /// <param name="loggerFactory">The logger factory; <see langword="null"/> for none.</param>
    /// <param name="timeProvider">The clock; <see langword="null"/> for <see cref="TimeProvider.System"/>.</param>
    /// <param name="random">The source of jitter, uniform in [0, 1); <see langword="null"/> for <see cref="Random.Shared"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="source"/> or <paramref name="sink"/> is <see langword="null"/>.</exception>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">An option is out of range; every property at fault is named.</exception>
    public SecretSyncEngine(
        IVaultSecretSource source,
        ISecretSink sink,
        SecretSyncEngineOptions? options = null,
        ILoggerFactory? loggerFactory = null,
        TimeProvider? timeProvider = null,
        Func<double>? random = null)
        : this(sink, null, options, loggerFactory, timeProvider, random)
    {
        ArgumentNullException.ThrowIfNull(source);
        _defaultSlot = new IdentitySlot(string.Empty, source, null, null);
    }

    /// <summary>Initializes a new instance of the <see cref="SecretSyncEngine"/> class whose targets each read as their own <see cref="SecretSyncTarget.Identity"/>, through shared sessions.</summary>
    /// <param name="sessions">The session cache: one session per identity, shared with other engines and hosts; the engine does not dispose it.</param>
    /// <param name="sink">The destination.</param>
    /// <param name="options">The engine options; <see langword="null"/> for the defaults.</param>
    /// <param name="loggerFactory">The logger factory; <see langword="null"/> for none.</param>
    /// <param name="timeProvider">The clock; <see langword="null"/> for <see cref="TimeProvider.System"/>.</param>
    /// <param name="random">The source of jitter, uniform in [0, 1); <see langword="null"/> for <see cref="Random.Shared"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="sessions"/> or <paramref name="sink"/> is <see langword="null"/>.</exception>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">An option is out of range; every property at fault is named.</exception>
    public SecretSyncEngine(
        VaultSessionCache sessions,
        ISecretSink sink,
        SecretSyncEngineOptions? options = null,
        ILoggerFactory? loggerFactory = null,
        TimeProvider? timeProvider = null,
        Func<double>? random = null)
        : this(sink, sessions ?? throw new ArgumentNullException(nameof(sessions)), options, loggerFactory, timeProvider, random)
    {
    }

    private SecretSyncEngine(
        ISecretSink sink,
        VaultSessionCache? sessions,
        SecretSyncEngineOptions? options,
        ILoggerFactory? loggerFactory,
        TimeProvider? timeProvider,
        Func<double>? random)
    {
        ArgumentNullException.ThrowIfNull(sink);
        _options = options ?? new SecretSyncEngineOptions();
        _options.Validate();
        _sink = sink;
        _sessions = sessions;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<SecretSyncEngine>();
        _timeProvider = timeProvider ?? TimeProvider.System;
        _random = random ?? Random.Shared.NextDouble;
        _hasher = new ContentHasher(_options.ContentHashKey);
        _backoff = new ExponentialBackoff(_options.RetryMinimum, _options.RetryMaximum);
        _plan = new LeasePlan(_options.LeasePlan);
        _concurrency = new SemaphoreSlim(_options.MaxConcurrency, _options.MaxConcurrency);
        SyncMetrics.Track(this, _timeProvider);
    }

    /// <summary>Occurs after each reconcile of a spec (changed, unchanged, renewed, rotated, failed) and when its target is removed; once per target spec.</summary>
    /// <remarks>Handlers run on the engine's worker; an exception thrown by a handler is logged and does not stop the engine.</remarks>
    public event EventHandler<SecretSyncEventArgs>? SyncEvent;

    /// <summary>Gets the names of the targets the engine keeps fresh.</summary>
    public IReadOnlyCollection<string> TargetNames
    {
        get
        {
            lock (_targetsLock)
            {
                return _targets.Keys.ToArray();
            }
        }
    }

    /// <summary>Gets the names of the specs of every target (a spec added on its own is a target of that name).</summary>
    public IReadOnlyCollection<string> SpecNames
    {
        get
        {
            lock (_targetsLock)
            {
                return _targets.Values.SelectMany(t => t.Target.Specs).Select(s => s.Name).Distinct(StringComparer.Ordinal).ToArray();
            }
        }
    }

    /// <summary>Adds a target of one spec, named as the spec, or replaces the target with that name.</summary>
    /// <param name="spec">The spec.</param>
    /// <exception cref="ArgumentNullException"><paramref name="spec"/> is <see langword="null"/>.</exception>
    /// <exception cref="ObjectDisposedException">The engine was disposed.</exception>
    public void AddOrUpdate(SecretSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        AddOrUpdate(new SecretSyncTarget(spec.Name, [spec]));
    }

    /// <summary>Adds a target, or replaces the target with the same name; new specs are fetched now, kept ones are not fetched again.</summary>
    /// <param name="target">The target.</param>
    /// <exception cref="ArgumentNullException"><paramref name="target"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The target has an identity but the engine has no session cache, or none and the engine has no source.</exception>
    /// <exception cref="ObjectDisposedException">The engine was disposed.</exception>
    public void AddOrUpdate(SecretSyncTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        var created = new List<SyncEntry>();
        var retired = new List<SyncEntry>();
        TargetEntry added;
        lock (_targetsLock)
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
            IdentitySlot slot = AcquireSlot(target);
            var entries = new SyncEntry[target.Specs.Count];
            for (int i = 0; i < entries.Length; i++)
            {
                string key = SyncEntry.CreateKey(slot.Key, target.Specs[i]);
                if (!_entries.TryGetValue(key, out SyncEntry? entry))
                {
                    entry = new SyncEntry(key, target.Specs[i], slot);
                    _entries.Add(key, entry);
                    created.Add(entry);
                }

                entries[i] = entry;
            }

            added = new TargetEntry(target, slot, entries);
            foreach (SyncEntry entry in entries.Distinct())
            {
                lock (entry.Targets)
                {
                    entry.Targets.Add(added);
                }
            }

            if (_targets.Remove(target.Name, out TargetEntry? replaced))
            {
                // The destination still holds the replaced target's content: keep its hash so unchanged content is not written again.
                added.ContentHash = replaced.ContentHash ?? target.KnownContentHash;
                added.Published = replaced.Published;
                added.LastWrittenAt = replaced.LastWrittenAt;
                retired.AddRange(Detach(replaced));
            }

            _targets.Add(target.Name, added);
        }

        DateTimeOffset now = _timeProvider.GetUtcNow();
        foreach (SyncEntry entry in retired)
        {
            Retire(entry);
        }

        foreach (SyncEntry entry in created)
        {
            entry.NextActionAt = now;
            StartInBackground(entry);
        }

        if (created.Count == 0)
        {
            // Every spec is held already (a shared or kept secret): only the destination needs bringing up to date.
            StartInBackground(added);
        }
    }

    /// <summary>Re-issues every secret that holds a lease, soon (spread over a few seconds), keeping the old values until the new ones are written.</summary>
    /// <remarks>
    /// Vault revokes the leases a token created when that token expires. After a session logs in again with a new token, the leases
    /// obtained under the old token die with it, however long their own TTL; the engine calls this itself for the sessions it follows.
    /// </remarks>
    public void ReissueLeasedSecrets() => ReissueLeasedSecrets(slot: null);

    /// <summary>Ties leased secrets of the engine's own source to a session's token: each time the session logs in again, they are re-issued under the new token.</summary>
    /// <param name="session">The session whose client the engine's source uses.</param>
    /// <returns>A subscription; dispose it to stop following the session.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="session"/> is <see langword="null"/>.</exception>
    /// <remarks>Targets with an identity need no call: the engine follows the sessions it takes from its <see cref="VaultSessionCache"/>.</remarks>
    public IDisposable FollowSession(VaultSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        Volatile.Write(ref _followedSession, session);
        return Follow(session, slot: null);
    }

    /// <summary>Removes a target: stops its schedules, deletes its content from the destination and, when it asks for it, revokes the leases no other target uses.</summary>
    /// <param name="name">The target's name.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns><see langword="true"/> if the target was known.</returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty.</exception>
    public async Task<bool> RemoveAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        TargetEntry? target;
        List<SyncEntry> retired;
        lock (_targetsLock)
        {
            if (!_targets.Remove(name, out target))
            {
                return false;
            }

            retired = Detach(target);
        }

        foreach (SyncEntry entry in retired)
        {
            Retire(entry);
        }

        await _sink.RemoveAsync(target.Target, cancellationToken).ConfigureAwait(false);
        Dictionary<SyncEntry, Exception>? revokeFailures = null;
        if (target.Target.RevokeOnRemove)
        {
            foreach (SyncEntry entry in retired)
            {
                if (await RevokeOwnedLeasesAsync(entry, cancellationToken).ConfigureAwait(false) is { } failure)
                {
                    (revokeFailures ??= []).Add(entry, failure);
                }
            }
        }

        _logger.SyncSpecRemoved(name);
        for (int i = 0; i < target.Target.Specs.Count; i++)
        {
            // A host that promised revocation (an operator's Event, a finalizer) learns here that a lease was left to expire.
            Exception? revokeFailure = revokeFailures?.GetValueOrDefault(target.Entries[i]);
            Raise(target, target.Target.Specs[i], SecretSyncEventKind.Removed, revokeFailure);
        }

        target.Dispose();
        return true;
    }

    /// <summary>Returns the state of a spec added on its own (a target of one spec), or of the first spec of that name in any target.</summary>
    /// <param name="name">The spec's (or single-spec target's) name.</param>
    /// <returns>A snapshot of the spec's state, or <see langword="null"/> when the engine does not know it.</returns>
    public SecretSyncState? GetState(string name)
    {
        lock (_targetsLock)
        {
            if (_targets.TryGetValue(name, out TargetEntry? target) && target.Entries.Length == 1)
            {
                return target.Entries[0].ToState(target, target.Target.Specs[0]);
            }

            foreach (TargetEntry candidate in _targets.Values)
            {
                for (int i = 0; i < candidate.Entries.Length; i++)
                {
                    if (string.Equals(candidate.Target.Specs[i].Name, name, StringComparison.Ordinal))
                    {
                        return candidate.Entries[i].ToState(candidate, candidate.Target.Specs[i]);
                    }
                }
            }
        }

        return null;
    }

    /// <summary>Returns the state of every spec of every target.</summary>
    /// <returns>A snapshot of each spec's state, ordered by target, then by the target's order.</returns>
    public IReadOnlyList<SecretSyncState> GetStates()
    {
        lock (_targetsLock)
        {
            return _targets.Values.OrderBy(t => t.Target.Name, StringComparer.Ordinal)
                .SelectMany(t => t.Entries.Select((e, i) => e.ToState(t, t.Target.Specs[i])))
                .ToArray();
        }
    }

    /// <summary>Returns a target's state: its health with the reason (naming each path), and each spec's state.</summary>
    /// <param name="name">The target's name.</param>
    /// <returns>The state, or <see langword="null"/> when the engine does not know the target.</returns>
    public SecretTargetState? GetTargetState(string name)
    {
        lock (_targetsLock)
        {
            return _targets.TryGetValue(name, out TargetEntry? target) ? TargetHealthEvaluator.Evaluate(target, _timeProvider.GetUtcNow()) : null;
        }
    }

    /// <summary>Returns the state of every target.</summary>
    /// <returns>Each target's state, ordered by name.</returns>
    public IReadOnlyList<SecretTargetState> GetTargetStates()
    {
        DateTimeOffset now = _timeProvider.GetUtcNow();
        lock (_targetsLock)
        {
            return _targets.Values.OrderBy(t => t.Target.Name, StringComparer.Ordinal).Select(t => TargetHealthEvaluator.Evaluate(t, now)).ToArray();
        }
    }

    /// <summary>Returns a target's current content, built from the secrets held, for pull-style hosts (a CSI <c>Mount</c>); <see langword="null"/> while incomplete.</summary>
    /// <param name="name">The target's name.</param>
    /// <returns>The content with its hash, or <see langword="null"/> when the target is unknown or some spec has no value yet.</returns>
    /// <exception cref="SecretTransformException">A spec's transform failed.</exception>
    public SecretTargetContent? GetTarget(string name)
    {
        TargetEntry? target;
        lock (_targetsLock)
        {
            _targets.TryGetValue(name, out target);
        }

        return target is null ? null : BuildContent(target);
    }

    /// <summary>Waits until every spec of a target has been tried at least once, then returns its content: what a pull-style host (a CSI <c>Mount</c>) serves.</summary>
    /// <param name="name">The target's name.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The content with its hash, or <see langword="null"/> when the target is unknown or a required spec could not be read (see <see cref="GetTargetState(string)"/> for why).</returns>
    /// <exception cref="SecretTransformException">A spec's transform failed.</exception>
    /// <remarks>A target already loaded answers at once from the secrets held: a rotation poll neither reads nor issues anything.</remarks>
    public async Task<SecretTargetContent?> GetTargetAsync(string name, CancellationToken cancellationToken = default)
    {
        TargetEntry? target;
        lock (_targetsLock)
        {
            _targets.TryGetValue(name, out target);
        }

        if (target is null)
        {
            return null;
        }

        foreach (SyncEntry entry in target.Entries)
        {
            await entry.FirstAttempt.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        return BuildContent(target);
    }

    internal IEnumerable<(SecretSyncState State, string Path)> GetStatesWithPaths() => GetStates().Select(s => (s, s.Path));

    /// <summary>Reconciles every target now (each shared secret once), in parallel up to <see cref="SecretSyncEngineOptions.MaxConcurrency"/>, and reports each outcome.</summary>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>One result per target, named as the target; failures are results, not exceptions.</returns>
    /// <remarks>Hosts use this for the initial load and for a forced reload; the schedules carry on afterwards.</remarks>
    public async Task<IReadOnlyList<SecretSyncResult>> SyncAllAsync(CancellationToken cancellationToken = default)
    {
        TargetEntry[] targets;
        lock (_targetsLock)
        {
            targets = [.. _targets.Values];
        }

        SyncEntry[] entries = targets.SelectMany(t => t.Entries).Distinct().ToArray();
        SecretSyncResult[] results = await Task.WhenAll(entries.Select(e => ProcessAsync(e, cancellationToken))).ConfigureAwait(false);
        var byEntry = new Dictionary<SyncEntry, SecretSyncResult>();
        for (int i = 0; i < entries.Length; i++)
        {
            byEntry[entries[i]] = results[i];
        }

        return targets.Select(t => Combine(t, byEntry)).ToArray();
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
        SyncEntry[] entries;
        TargetEntry[] targets;
        IdentitySlot[] slots;
        lock (_targetsLock)
        {
            entries = [.. _entries.Values];
            targets = [.. _targets.Values];
            slots = [.. _slots.Values];
        }

        foreach (SyncEntry entry in entries)
        {
            Retire(entry);
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
            foreach (SyncEntry entry in entries)
            {
                await RevokeOwnedLeasesAsync(entry, timeout.Token).ConfigureAwait(false);
            }
        }

        foreach (SyncEntry entry in entries)
        {
            entry.Dispose();
        }

        foreach (TargetEntry target in targets)
        {
            target.Dispose();
        }

        foreach (IdentitySlot slot in slots)
        {
            slot.LoginSubscription?.Dispose();
            slot.Handle?.Dispose();
        }

        lock (_targetsLock)
        {
            _entries.Clear();
            _targets.Clear();
            _slots.Clear();
        }

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

    private static SecretSyncResult Combine(TargetEntry target, Dictionary<SyncEntry, SecretSyncResult> byEntry)
    {
        SecretSyncEventKind outcome = SecretSyncEventKind.Unchanged;
        TimeSpan? requeue = null;
        for (int i = 0; i < target.Entries.Length; i++)
        {
            SecretSyncResult result = byEntry[target.Entries[i]];
            if (result.Outcome == SecretSyncEventKind.Failed && !(target.Target.Specs[i].Optional && target.Published))
            {
                return result with { SpecName = target.Target.Name };
            }

            outcome = Rank(result.Outcome) > Rank(outcome) ? result.Outcome : outcome;
            requeue = result.RequeueAfter is TimeSpan r && (requeue is null || r < requeue) ? r : requeue;
        }

        return new SecretSyncResult(target.Target.Name, outcome, requeue);

        static int Rank(SecretSyncEventKind kind) => kind switch
        {
            SecretSyncEventKind.Rotated => 4,
            SecretSyncEventKind.Changed => 3,
            SecretSyncEventKind.Renewed => 2,
            SecretSyncEventKind.Unchanged => 1,
            _ => 0,
        };
    }

    private IdentitySlot AcquireSlot(SecretSyncTarget target)
    {
        // Called under the targets lock.
        if (target.Identity is not VaultIdentity identity)
        {
            return _defaultSlot
                ?? throw new ArgumentException($"Target '{target.Name}' has no Identity, and this engine reads only through identities (it was created with a session cache).", nameof(target));
        }

        if (_sessions is null)
        {
            throw new ArgumentException($"Target '{target.Name}' has an Identity, but this engine reads through one source; create it with a VaultSessionCache to serve identities.", nameof(target));
        }

        if (!_slots.TryGetValue(identity.Key, out IdentitySlot? slot))
        {
            VaultSessionHandle handle = _sessions.Acquire(identity);
            slot = new IdentitySlot(identity.Key, new VaultSecretSource(handle.Client, _timeProvider), handle, identity.ToString());
            slot.LoginSubscription = Follow(handle.Session, slot);
            _slots.Add(identity.Key, slot);
        }

        slot.Targets++;
        return slot;
    }

    private List<SyncEntry> Detach(TargetEntry target)
    {
        // Called under the targets lock: unlinks the target from its entries and returns the entries no target reads any more.
        target.Removed = true;
        var retired = new List<SyncEntry>();
        foreach (SyncEntry entry in target.Entries.Distinct())
        {
            bool orphaned;
            lock (entry.Targets)
            {
                entry.Targets.Remove(target);
                orphaned = entry.Targets.Count == 0;
            }

            if (orphaned)
            {
                _entries.Remove(entry.Key);
                retired.Add(entry);
            }
        }

        IdentitySlot slot = target.Slot;
        if (slot.Handle is not null && --slot.Targets == 0)
        {
            // The cache keeps the session for its idle timeout, so a target re-added soon logs in no more than before.
            _slots.Remove(slot.Key);
            slot.LoginSubscription?.Dispose();
            slot.Handle.Dispose();
        }

        return retired;
    }

    private IDisposable Follow(VaultSession session, IdentitySlot? slot)
    {
        EventHandler<VaultSessionEventArgs> handler = (_, e) =>
        {
            // The first login issues the leases; only later logins leave leases behind on a token that will expire.
            if (e.LoginCount > 1 && Volatile.Read(ref _disposed) == 0)
            {
                ReissueLeasedSecrets(slot);
            }
        };
        session.LoggedIn += handler;
        return new Subscription(() => session.LoggedIn -= handler);
    }

    private void ReissueLeasedSecrets(IdentitySlot? slot)
    {
        SyncEntry[] entries;
        lock (_targetsLock)
        {
            entries = [.. _entries.Values];
        }

        DateTimeOffset now = _timeProvider.GetUtcNow();
        foreach (SyncEntry entry in entries)
        {
            if (entry.Lease is { Kind: LeaseKind.Leased } && !entry.Removed && (slot is null || ReferenceEquals(entry.Slot, slot)))
            {
                // The flag survives a reconcile already in flight, which would otherwise overwrite this schedule with its own plan.
                entry.ReissueRequested = true;

                // Jitter spreads the re-issues so many secrets do not hit Vault in the same instant.
                Schedule(entry, LeaseAction.Reissue, now + TimeSpan.FromSeconds(1 + (4 * _random())));
            }
        }
    }

    private void StartInBackground(SyncEntry entry) => StartInBackground(() => ProcessAsync(entry, _stopping.Token));

    private void StartInBackground(TargetEntry target) => StartInBackground(async () =>
    {
        try
        {
            await PublishAsync(target, _stopping.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Nothing fetched to retry: the next reconcile of any of its secrets publishes the target again.
            LogFailure(ex, target.Target.Name, target.Target.Specs[0].Path, 1, TimeSpan.Zero);
        }
    });

    private void StartInBackground(Func<Task> work)
    {
        lock (_idleLock)
        {
            if (_inFlight++ == 0)
            {
                _idle = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }

        _ = RunInBackgroundAsync(work);
    }

    private async Task RunInBackgroundAsync(Func<Task> work)
    {
        try
        {
            // Yield first so a timer callback (which may run inside FakeTimeProvider.Advance) never does I/O inline.
            await Task.Yield();
            await work().ConfigureAwait(false);
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

    private static void Retire(SyncEntry entry)
    {
        entry.Removed = true;
        entry.Timer?.Dispose();

        // Nobody waits forever for a secret that will never be read.
        entry.FirstAttempt.TrySetResult();
    }

    private void Raise(SyncEntry entry, SecretSyncEventKind kind, Exception? error)
    {
        foreach (TargetEntry target in entry.GetTargets())
        {
            for (int i = 0; i < target.Entries.Length; i++)
            {
                if (ReferenceEquals(target.Entries[i], entry))
                {
                    Raise(target, target.Target.Specs[i], kind, error);
                }
            }
        }
    }

    private void Raise(TargetEntry target, SecretSpec spec, SecretSyncEventKind kind, Exception? error)
    {
        EventHandler<SecretSyncEventArgs>? handler = SyncEvent;
        if (handler is null)
        {
            return;
        }

        try
        {
            handler(this, new SecretSyncEventArgs(spec.Name, kind, _timeProvider.GetUtcNow(), error) { TargetName = target.Target.Name });
        }
        catch (Exception ex)
        {
            // A consumer's handler must not break the engine's schedule.
            _logger.SyncEventHandlerFailed(ex, spec.Name);
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
