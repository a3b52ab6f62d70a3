// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics.Metrics;
using Vault.Kubernetes.Diagnostics;

namespace Vault.Kubernetes.Sync;

/// <summary>The sync engine's instruments on the shared <c>Vault.Kubernetes</c> meter; tags are low-cardinality (action, outcome, secret path), never values.</summary>
internal static class SyncMetrics
{
    private static readonly ConcurrentDictionary<SecretSyncEngine, TimeProvider> s_engines = new();

    private static readonly ObservableGauge<double> s_staleness = VaultTelemetry.s_meter.CreateObservableGauge(
        "vault.sync.staleness", () => Observe(static (state, now) => state.LastSuccessAt is { } at ? (now - at).TotalSeconds : null), unit: "s",
        description: "Time since each secret was last fetched, checked or renewed successfully.");

    private static readonly ObservableGauge<double> s_timeToExpiry = VaultTelemetry.s_meter.CreateObservableGauge(
        "vault.sync.lease.time_to_expiry", () => Observe(static (state, now) => state.LeaseExpiresAt is { } at ? (at - now).TotalSeconds : null), unit: "s",
        description: "Time until the lease of each secret held in a destination expires.");

    private static readonly Counter<long> s_reconciles = VaultTelemetry.s_meter.CreateCounter<long>(
        "vault.sync.reconciles", unit: "{reconcile}", description: "Reconciles of secret specs, by action and outcome.");

    private static readonly Histogram<double> s_duration = VaultTelemetry.s_meter.CreateHistogram<double>(
        "vault.sync.reconcile.duration", unit: "s", description: "Duration of secret spec reconciles.");

    public static void Track(SecretSyncEngine engine, TimeProvider timeProvider)
    {
        // Touch the gauges so they exist once any engine does.
        _ = s_staleness;
        _ = s_timeToExpiry;
        s_engines[engine] = timeProvider;
    }

    public static void Untrack(SecretSyncEngine engine) => s_engines.TryRemove(engine, out _);

    private static IEnumerable<Measurement<double>> Observe(Func<SecretSyncState, DateTimeOffset, double?> measure)
    {
        foreach (KeyValuePair<SecretSyncEngine, TimeProvider> engine in s_engines)
        {
            DateTimeOffset now = engine.Value.GetUtcNow();
            foreach ((SecretSyncState state, string path) in engine.Key.GetStatesWithPaths())
            {
                if (measure(state, now) is double value)
                {
                    yield return new Measurement<double>(value, new KeyValuePair<string, object?>("vault.path", path));
                }
            }
        }
    }

    public static void RecordReconcile(string action, SecretSyncEventKind outcome, TimeSpan duration)
    {
        var tags = new KeyValuePair<string, object?>[]
        {
            new("vault.sync.action", action),
            new("vault.sync.outcome", outcome.ToString()),
        };
        s_reconciles.Add(1, tags);
        s_duration.Record(Math.Max(duration.TotalSeconds, 0), tags);
    }
}
