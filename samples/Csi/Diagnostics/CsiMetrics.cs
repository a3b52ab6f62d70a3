// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Diagnostics.Metrics;

namespace Vault.Kubernetes.Csi.Diagnostics;

/// <summary>Mount counts and latency on the shared <c>Vault.Kubernetes</c> meter.</summary>
internal static class CsiMetrics
{
    private static readonly Meter s_meter = new("Vault.Kubernetes");
    private static readonly Counter<long> s_mounts = s_meter.CreateCounter<long>("vault.csi.mounts", description: "Mount calls by outcome (ok, invalid, failed).");
    private static readonly Histogram<double> s_duration = s_meter.CreateHistogram<double>("vault.csi.mount.duration", unit: "ms", description: "Mount latency.");

    /// <summary>Records one Mount.</summary>
    /// <param name="outcome">ok, invalid or failed.</param>
    /// <param name="elapsedMs">The latency.</param>
    public static void Mount(string outcome, double elapsedMs)
    {
        var tag = new KeyValuePair<string, object?>("outcome", outcome);
        s_mounts.Add(1, tag);
        s_duration.Record(elapsedMs, tag);
    }
}
