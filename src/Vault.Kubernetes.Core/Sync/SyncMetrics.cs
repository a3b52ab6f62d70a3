// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Diagnostics.Metrics;
using Vault.Kubernetes.Diagnostics;

namespace Vault.Kubernetes.Sync;

/// <summary>The sync engine's instruments on the shared <c>Vault.Kubernetes</c> meter; tags are the action and outcome only.</summary>
internal static class SyncMetrics
{
    private static readonly Counter<long> s_reconciles = VaultTelemetry.s_meter.CreateCounter<long>(
        "vault.sync.reconciles", unit: "{reconcile}", description: "Reconciles of secret specs, by action and outcome.");

    private static readonly Histogram<double> s_duration = VaultTelemetry.s_meter.CreateHistogram<double>(
        "vault.sync.reconcile.duration", unit: "s", description: "Duration of secret spec reconciles.");

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
