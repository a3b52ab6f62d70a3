// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Vault.Kubernetes.Testing.Internal;

namespace Vault.Kubernetes.Testing;

/// <summary>Fault injection for a <see cref="VaultDevServer"/>: latency, error statuses, rate limits, sealing, standby redirects, dropped connections and outage windows.</summary>
/// <remarks>
/// Path prefixes are API paths after <c>/v1/</c> (for example <c>secret/data/</c>); <see langword="null"/> means every path.
/// Faults apply before authentication and routing, as a failing network or node would.
/// </remarks>
public sealed class VaultDevServerFaults
{
    private readonly Lock _sync = new();
    private readonly TimeProvider _clock;
    private readonly Func<double> _random;
    private readonly List<(string? Prefix, TimeSpan Delay)> _latencies = [];
    private readonly List<CountedFault> _counted = [];
    private readonly List<(string? Prefix, double Fraction, int StatusCode)> _fractions = [];
    private readonly List<(DateTimeOffset Start, DateTimeOffset End, int? StatusCode)> _outages = [];
    private Uri? _activeAddress;
    private volatile bool _sealed;

    internal VaultDevServerFaults(TimeProvider clock, Func<double> random)
    {
        _clock = clock;
        _random = random;
    }

    /// <summary>Gets a value indicating whether the server is sealed (every API call but health and seal-status answers 503 "Vault is sealed").</summary>
    public bool IsSealed => _sealed;

    /// <summary>Gets the active node this server redirects to while it plays a standby, or <see langword="null"/>.</summary>
    public Uri? StandbyActiveAddress
    {
        get
        {
            lock (_sync)
            {
                return _activeAddress;
            }
        }
    }

    /// <summary>Delays every matching request by <paramref name="delay"/> (on the options' LatencyTimeProvider) before it is handled.</summary>
    /// <param name="delay">The delay; <see cref="TimeSpan.Zero"/> removes latency for the prefix.</param>
    /// <param name="pathPrefix">The API path prefix, or <see langword="null"/> for all paths.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="delay"/> is negative.</exception>
    public void SetLatency(TimeSpan delay, string? pathPrefix = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);
        lock (_sync)
        {
            _latencies.RemoveAll(l => l.Prefix == pathPrefix);
            if (delay > TimeSpan.Zero)
            {
                _latencies.Add((pathPrefix, delay));
            }
        }
    }

    /// <summary>Answers the next <paramref name="count"/> matching requests with <paramref name="statusCode"/> and an <c>{"errors":[...]}</c> body.</summary>
    /// <param name="count">How many requests fail.</param>
    /// <param name="statusCode">The status (500 "internal error" by default; 412 uses Vault's "required index state not present").</param>
    /// <param name="pathPrefix">The API path prefix, or <see langword="null"/> for all paths.</param>
    /// <param name="error">The error text, or <see langword="null"/> for the status's usual Vault text.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is not positive or <paramref name="statusCode"/> is below 400.</exception>
    public void FailNextRequests(int count, int statusCode = 500, string? pathPrefix = null, string? error = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        ArgumentOutOfRangeException.ThrowIfLessThan(statusCode, 400);
        AddCounted(new CountedFault(pathPrefix, count, FaultKind.Status, statusCode, error, null));
    }

    /// <summary>Answers a random <paramref name="fraction"/> of matching requests with <paramref name="statusCode"/> (uses the options' RandomSource).</summary>
    /// <param name="fraction">A probability in [0, 1]; 0 removes the fault for the prefix.</param>
    /// <param name="statusCode">The status to answer with.</param>
    /// <param name="pathPrefix">The API path prefix, or <see langword="null"/> for all paths.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="fraction"/> is outside [0, 1] or <paramref name="statusCode"/> is below 400.</exception>
    public void FailFraction(double fraction, int statusCode = 500, string? pathPrefix = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(fraction, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(fraction, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(statusCode, 400);
        lock (_sync)
        {
            _fractions.RemoveAll(f => f.Prefix == pathPrefix);
            if (fraction > 0)
            {
                _fractions.Add((pathPrefix, fraction, statusCode));
            }
        }
    }

    /// <summary>Answers the next <paramref name="count"/> matching requests with 429 "rate limit quota exceeded" and an optional Retry-After header.</summary>
    /// <param name="count">How many requests are limited.</param>
    /// <param name="retryAfter">The Retry-After value (whole seconds), or <see langword="null"/> for none.</param>
    /// <param name="pathPrefix">The API path prefix, or <see langword="null"/> for all paths.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is not positive.</exception>
    public void RateLimitNextRequests(int count, TimeSpan? retryAfter = null, string? pathPrefix = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        AddCounted(new CountedFault(pathPrefix, count, FaultKind.Status, 429, null, retryAfter));
    }

    /// <summary>Aborts the connection of the next <paramref name="count"/> matching requests without any response.</summary>
    /// <param name="count">How many connections are dropped.</param>
    /// <param name="pathPrefix">The API path prefix, or <see langword="null"/> for all paths.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is not positive.</exception>
    public void DropNextConnections(int count, string? pathPrefix = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        AddCounted(new CountedFault(pathPrefix, count, FaultKind.Drop, 0, null, null));
    }

    /// <summary>Makes the server unavailable between <paramref name="start"/> (inclusive) and <paramref name="end"/> (exclusive) on the server clock.</summary>
    /// <param name="start">When the outage begins.</param>
    /// <param name="end">When it ends.</param>
    /// <param name="statusCode">The status to answer with, or <see langword="null"/> to drop connections.</param>
    /// <exception cref="ArgumentException"><paramref name="end"/> is not after <paramref name="start"/>.</exception>
    public void AddOutage(DateTimeOffset start, DateTimeOffset end, int? statusCode = null)
    {
        if (end <= start)
        {
            throw new ArgumentException("The outage end must be after its start.", nameof(end));
        }

        lock (_sync)
        {
            _outages.Add((start, end, statusCode));
        }
    }

    /// <summary>Seals the server.</summary>
    public void Seal() => _sealed = true;

    /// <summary>Unseals the server.</summary>
    public void Unseal() => _sealed = false;

    /// <summary>Turns the server into a standby that answers 307 with <c>Location</c> = <paramref name="activeAddress"/> + the same path and query (health: 429).</summary>
    /// <param name="activeAddress">The active node's address (for example another dev server's <see cref="VaultDevServer.Address"/>).</param>
    /// <exception cref="ArgumentNullException"><paramref name="activeAddress"/> is <see langword="null"/>.</exception>
    public void RedirectToActive(Uri activeAddress)
    {
        ArgumentNullException.ThrowIfNull(activeAddress);
        lock (_sync)
        {
            _activeAddress = activeAddress;
        }
    }

    /// <summary>Makes the server active again (stops redirecting).</summary>
    public void ClearStandby()
    {
        lock (_sync)
        {
            _activeAddress = null;
        }
    }

    /// <summary>Removes every fault, unseals and leaves standby mode.</summary>
    public void Reset()
    {
        lock (_sync)
        {
            _latencies.Clear();
            _counted.Clear();
            _fractions.Clear();
            _outages.Clear();
            _activeAddress = null;
            _sealed = false;
        }
    }

    internal TimeSpan GetLatency(string path)
    {
        lock (_sync)
        {
            return _latencies.Where(l => Matches(l.Prefix, path)).Select(l => l.Delay).DefaultIfEmpty().Max();
        }
    }

    internal FaultDecision Decide(string path)
    {
        DateTimeOffset now = _clock.GetUtcNow();
        lock (_sync)
        {
            foreach ((DateTimeOffset start, DateTimeOffset end, int? status) in _outages)
            {
                if (now >= start && now < end)
                {
                    return status is { } code ? StatusDecision(code, null, null) : new FaultDecision(FaultKind.Drop, 0, [], null);
                }
            }

            int index = _counted.FindIndex(f => Matches(f.Prefix, path));
            if (index >= 0)
            {
                CountedFault fault = _counted[index];
                if (--fault.Remaining == 0)
                {
                    _counted.RemoveAt(index);
                }

                return fault.Kind == FaultKind.Drop
                    ? new FaultDecision(FaultKind.Drop, 0, [], null)
                    : StatusDecision(fault.StatusCode, fault.Error, fault.RetryAfter, path);
            }

            foreach ((string? prefix, double fraction, int statusCode) in _fractions)
            {
                if (Matches(prefix, path) && _random() < fraction)
                {
                    return StatusDecision(statusCode, null, null, path);
                }
            }
        }

        return FaultDecision.None;
    }

    private static FaultDecision StatusDecision(int statusCode, string? error, TimeSpan? retryAfter, string path = "")
    {
        error ??= statusCode switch
        {
            412 => "required index state not present",
            429 => $"request path \"{path}\": rate limit quota exceeded",
            500 => VaultErrors.InternalError,
            502 => "upstream error",
            503 => "no active Vault instance found",
            _ => "injected fault",
        };
        return new FaultDecision(FaultKind.Status, statusCode, [error], retryAfter);
    }

    private static bool Matches(string? prefix, string path) => prefix is null || path.StartsWith(prefix.TrimStart('/'), StringComparison.Ordinal);

    private void AddCounted(CountedFault fault)
    {
        lock (_sync)
        {
            _counted.Add(fault);
        }
    }

    private sealed class CountedFault(string? prefix, int remaining, FaultKind kind, int statusCode, string? error, TimeSpan? retryAfter)
    {
        public string? Prefix { get; } = prefix;

        public int Remaining { get; set; } = remaining;

        public FaultKind Kind { get; } = kind;

        public int StatusCode { get; } = statusCode;

        public string? Error { get; } = error;

        public TimeSpan? RetryAfter { get; } = retryAfter;
    }
}
