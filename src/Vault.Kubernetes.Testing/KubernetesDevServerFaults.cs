// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;

namespace Vault.Kubernetes.Testing;

/// <summary>Fault injection for a <see cref="KubernetesDevServer"/>: latency, error answers, rate limits, dropped connections and dropped watches.</summary>
/// <remarks>
/// Path prefixes match the URL path (for example <c>/api/v1/namespaces/default/secrets</c>); <see langword="null"/> means
/// every path. Faults apply before authentication and routing, as a failing network or apiserver would, and error
/// answers are <c>Status</c> objects (<c>InternalError</c>, <c>TooManyRequests</c>, ...), which clients retry on.
/// </remarks>
public sealed class KubernetesDevServerFaults
{
    private readonly Lock _sync = new();
    private readonly List<(string? Prefix, TimeSpan Delay)> _latencies = [];
    private readonly List<Rule> _rules = [];
    private Func<int>? _dropWatches;

    internal KubernetesDevServerFaults()
    {
    }

    /// <summary>Delays every matching request by <paramref name="delay"/> (on the options' LatencyTimeProvider).</summary>
    /// <param name="delay">The delay; <see cref="TimeSpan.Zero"/> removes latency for the prefix.</param>
    /// <param name="pathPrefix">The URL path prefix, or <see langword="null"/> for all paths.</param>
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

    /// <summary>Answers the next <paramref name="count"/> matching requests with a failure <c>Status</c> of <paramref name="statusCode"/>.</summary>
    /// <param name="count">How many requests fail.</param>
    /// <param name="statusCode">The status, 500 (InternalError) by default; 503 is ServiceUnavailable, 429 TooManyRequests.</param>
    /// <param name="pathPrefix">The URL path prefix, or <see langword="null"/> for all paths.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is not positive or <paramref name="statusCode"/> is below 400.</exception>
    public void FailNextRequests(int count, int statusCode = 500, string? pathPrefix = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        ArgumentOutOfRangeException.ThrowIfLessThan(statusCode, 400);
        Add(new Rule(pathPrefix, count, statusCode, null));
    }

    /// <summary>Answers the next <paramref name="count"/> matching requests with 429 TooManyRequests and a <c>Retry-After</c> header.</summary>
    /// <param name="count">How many requests are limited.</param>
    /// <param name="retryAfter">The Retry-After value (whole seconds).</param>
    /// <param name="pathPrefix">The URL path prefix, or <see langword="null"/> for all paths.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is not positive.</exception>
    public void RateLimitNextRequests(int count, TimeSpan retryAfter, string? pathPrefix = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        Add(new Rule(pathPrefix, count, 429, retryAfter));
    }

    /// <summary>Aborts the connection of the next <paramref name="count"/> matching requests without any response.</summary>
    /// <param name="count">How many connections are dropped.</param>
    /// <param name="pathPrefix">The URL path prefix, or <see langword="null"/> for all paths.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is not positive.</exception>
    public void DropNextConnections(int count, string? pathPrefix = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        Add(new Rule(pathPrefix, count, 0, null));
    }

    /// <summary>Aborts every open watch connection mid-stream (clients see the stream end without a final event).</summary>
    /// <returns>How many watches were dropped.</returns>
    public int DropWatches() => _dropWatches?.Invoke() ?? 0;

    /// <summary>Removes every fault.</summary>
    public void Reset()
    {
        lock (_sync)
        {
            _latencies.Clear();
            _rules.Clear();
        }
    }

    internal void OnDropWatches(Func<int> dropWatches) => _dropWatches = dropWatches;

    internal TimeSpan GetLatency(string path)
    {
        lock (_sync)
        {
            return _latencies.Where(l => Matches(l.Prefix, path)).Select(l => l.Delay).DefaultIfEmpty().Max();
        }
    }

    /// <summary>Consumes the first matching counted fault: (0, null) = drop, (code, retryAfter) = answer, null = none.</summary>
    internal (int StatusCode, TimeSpan? RetryAfter)? Decide(string path)
    {
        lock (_sync)
        {
            int index = _rules.FindIndex(r => Matches(r.Prefix, path));
            if (index < 0)
            {
                return null;
            }

            Rule rule = _rules[index];
            if (--rule.Remaining == 0)
            {
                _rules.RemoveAt(index);
            }

            return (rule.StatusCode, rule.RetryAfter);
        }
    }

    private static bool Matches(string? prefix, string path) => prefix is null || path.StartsWith(prefix, StringComparison.Ordinal);

    private void Add(Rule rule)
    {
        lock (_sync)
        {
            _rules.Add(rule);
        }
    }

    private sealed class Rule(string? prefix, int remaining, int statusCode, TimeSpan? retryAfter)
    {
        public string? Prefix { get; } = prefix;

        public int Remaining { get; set; } = remaining;

        public int StatusCode { get; } = statusCode;

        public TimeSpan? RetryAfter { get; } = retryAfter;
    }
}
