// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Diagnostics;

namespace Vault.Kubernetes.Scenarios.Scenarios;

/// <summary>Times repeated operations and reports throughput and latency percentiles.</summary>
internal static class LatencyRecorder
{
    public static async Task<IReadOnlyList<ScenarioMetric>> MeasureAsync(string label, int warmup, int count, int parallelism, Func<Task> operation)
    {
        for (int i = 0; i < warmup; i++)
        {
            await operation();
        }

        var samples = new double[count];
        int next = -1;
        var total = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, parallelism).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                long start = Stopwatch.GetTimestamp();
                await operation();
                samples[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
            }
        }));
        total.Stop();
        Array.Sort(samples);
        return
        [
            new($"{label}: throughput", count / total.Elapsed.TotalSeconds, "ops/s", $"{count} ops, {parallelism} concurrent"),
            new($"{label}: p50", samples[count / 2], "µs"),
            new($"{label}: p95", samples[(int)(count * 0.95)], "µs"),
            new($"{label}: p99", samples[(int)(count * 0.99)], "µs"),
        ];
    }
}
