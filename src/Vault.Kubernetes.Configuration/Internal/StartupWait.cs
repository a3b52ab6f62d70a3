// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Vault.Kubernetes.Sync;

namespace Vault.Kubernetes.Configuration.Internal;

/// <summary>
/// The provider's first load, bounded by <see cref="VaultKubernetesOptions.StartupTimeout"/>: the engine retries transient failures
/// with its backoff while this waits; a failure that needs a change ends the wait; a Vault that never answers ends it at the deadline.
/// </summary>
/// <remarks>
/// A pod whose Vault is electing a leader (503 for a few seconds) starts instead of crash-looping, and one whose Vault accepts
/// connections but never answers fails within the timeout, with a warning naming the address while it waits, instead of after
/// three attempts of the client's 60-second timeout with no word.
/// </remarks>
internal sealed class StartupWait : IDisposable
{
    // The first warning comes once a normal start-up would long be over; then one every ten seconds, not one per retry.
    private static readonly TimeSpan s_firstNotice = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan s_noticeEvery = TimeSpan.FromSeconds(10);

    private readonly SecretSyncEngine _engine;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly string _address;
    private readonly string _timeoutKey;
    private readonly TimeSpan _timeout;
    private readonly bool _firstAttemptOnly;
    private readonly DateTimeOffset _started;
    private readonly ConcurrentDictionary<string, Exception> _errors = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly HashSet<string> _attempted = new(StringComparer.Ordinal);
    private HashSet<string>? _notAttempted;
    private readonly SemaphoreSlim _changed = new(0);
    private readonly CancellationTokenSource _deadline;
    private readonly ITimer _notice;

    public StartupWait(SecretSyncEngine engine, string address, string timeoutKey, TimeSpan timeout, bool firstAttemptOnly, TimeProvider time, ILogger logger)
    {
        _engine = engine;
        _address = address;
        _timeoutKey = timeoutKey;
        _timeout = timeout;
        _firstAttemptOnly = firstAttemptOnly;
        _time = time;
        _logger = logger;
        _started = time.GetUtcNow();
        _deadline = new CancellationTokenSource(timeout, time);
        _engine.SyncEvent += OnSyncEvent;
        TimeSpan first = timeout / 2 < s_firstNotice ? timeout / 2 : s_firstNotice;
        _notice = time.CreateTimer(_ => LogWaiting(), null, first, s_noticeEvery);
    }

    /// <summary>Gets a token cancelled when the start-up timeout runs out (for the work start-up does besides the engine's reads).</summary>
    public CancellationToken Deadline => _deadline.Token;

    /// <summary>Waits until every secret is loaded, one failed for a reason that needs a change, or the timeout ran out.</summary>
    /// <returns>The secrets not loaded, each with why: its last error, or that Vault did not answer in time.</returns>
    public async Task<List<KeyValuePair<string, string>>> WaitAsync()
    {
        // The target is in place now: its secrets are what start-up waits for. Kept up to date by the events, so each wake-up costs
        // the failures, not a pass over every secret (a scan per event made a 1,000-secret start quadratic).
        lock (_gate)
        {
            _notAttempted = [.. _engine.SpecNames.Where(name => !_attempted.Contains(name))];
        }

        try
        {
            while (!IsSettled())
            {
                await _changed.WaitAsync(_deadline.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (_deadline.IsCancellationRequested)
        {
            // Timed out: what is not loaded is reported below.
        }

        bool timedOut = _deadline.IsCancellationRequested;
        lock (_gate)
        {
            return [.. _engine.GetStates().Where(s => !s.HasValue && (s.LastError is not null || (timedOut && !_attempted.Contains(s.SpecName)))).Select(s => new KeyValuePair<string, string>(s.Path, Reason(s, timedOut)))];
        }
    }

    public void Dispose()
    {
        _engine.SyncEvent -= OnSyncEvent;
        _notice.Dispose();
        _deadline.Dispose();
        _changed.Dispose();
    }

    private bool IsSettled()
    {
        lock (_gate)
        {
            if (_notAttempted!.Count > 0)
            {
                // A secret is still in its first attempt.
                return false;
            }
        }

        // Every secret has been tried (one that was read but waits for a failed one of its target is not a failure of its own).
        // Optional start-up goes on; otherwise a failure that needs a change fails start-up now (naming every secret that failed),
        // and failures that pass are retried by the engine until the timeout.
        return _errors.IsEmpty || _firstAttemptOnly || _errors.Values.Any(e => !SyncFailure.IsTransient(e));
    }

    private string Reason(SecretSyncState state, bool timedOut)
    {
        string timeout = string.Create(CultureInfo.InvariantCulture, $"the start-up timeout of {_timeout:g} ({_timeoutKey})");
        if (state.LastError is not { } error)
        {
            return $"Vault at {_address} did not answer within {timeout}.";
        }

        return timedOut && _errors.TryGetValue(state.SpecName, out Exception? last) && SyncFailure.IsTransient(last)
            ? $"{error} Still failing when {timeout} ran out."
            : error;
    }

    private void OnSyncEvent(object? sender, SecretSyncEventArgs e)
    {
        lock (_gate)
        {
            _attempted.Add(e.SpecName);
            _notAttempted?.Remove(e.SpecName);
        }
        if (e.Error is { } error)
        {
            _errors[e.SpecName] = error;
        }
        else
        {
            _errors.TryRemove(e.SpecName, out _);
        }

        _changed.Release();
    }

    private void LogWaiting()
    {
        if (_deadline.IsCancellationRequested)
        {
            return;
        }

        IReadOnlyList<SecretSyncState> states = _engine.GetStates();
        int pending = states.Count(s => !s.HasValue);
        string lastError = states.Where(s => !s.HasValue).Select(s => s.LastError).FirstOrDefault(e => e is not null) ?? "no answer yet";
        _logger.StartupWaiting(_address, pending, states.Count, _time.GetUtcNow() - _started, lastError, _timeout, _timeoutKey);
    }
}
