// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Diagnostics;

namespace Vault.Kubernetes.Scenarios.Scenarios;

/// <summary>Times two ways of doing the same operation against each other and reports throughput and latency percentiles.</summary>
/// <remarks>
/// Both sides are warmed up before either is measured, then every worker alternates them call by call. Measured in
/// blocks (all of one side, then all of the other) the same code came out up to 40 % apart on this 2-core machine,
/// depending on which block ran first: latency over loopback with the dev server in the same process is bimodal
/// (a continuation that runs inline or one that waits for a thread-pool hop), and the mode drifts over seconds.
/// Throughput is the side's operations over the time its calls took (divided by the concurrency).
/// </remarks>
internal static class LatencyRecorder
{
    public static async Task<IReadOnlyList<ScenarioMetric>> CompareAsync(
        string label, int warmup, int count, int parallelism, (string Name, Func<Task> Operation) first, (string Name, Func<Task> Operation) second)
    {
        int warmed = await WarmUntilSettledAsync(warmup, first.Operation, second.Operation);

        double[] firstSamples = new double[count];
        double[] secondSamples = new double[count];
        int next = -1;
        await Task.WhenAll(Enumerable.Range(0, parallelism).Select(async worker =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                // Alternate which side goes first as well, so neither always follows the other.
                bool firstLeads = (i + worker) % 2 == 0;
                (firstLeads ? firstSamples : secondSamples)[i] = await TimeAsync(firstLeads ? first.Operation : second.Operation);
                (firstLeads ? secondSamples : firstSamples)[i] = await TimeAsync(firstLeads ? second.Operation : first.Operation);
            }
        }));

        var metrics = new List<ScenarioMetric>();
        metrics.AddRange(Summarize($"{first.Name}, {label}", firstSamples, parallelism, warmed));
        metrics.AddRange(Summarize($"{second.Name}, {label}", secondSamples, parallelism, warmed));
        return metrics;
    }

    // Tiered JIT, the thread pool's growth and the server's caches take a while: warm in blocks until two consecutive blocks
    // run within 5 % of each other (at most 60 blocks), so the measurement sees steady state rather than warm-up.
    private static async Task<int> WarmUntilSettledAsync(int block, Func<Task> first, Func<Task> second)
    {
        double previous = double.MaxValue;
        for (int round = 1; round <= 60; round++)
        {
            long start = Stopwatch.GetTimestamp();
            for (int i = 0; i < block; i++)
            {
                await first();
                await second();
            }

            double elapsed = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            if (round >= 3 && Math.Abs(elapsed - previous) <= 0.05 * previous)
            {
                return round * block;
            }

            previous = elapsed;
        }

        return 60 * block;
    }

    private static async Task<double> TimeAsync(Func<Task> operation)
    {
        long start = Stopwatch.GetTimestamp();
        await operation();
        return Stopwatch.GetElapsedTime(start).TotalMicroseconds;
    }

    private static ScenarioMetric[] Summarize(string name, double[] samples, int parallelism, int warmed)
    {
        int count = samples.Length;
        double seconds = samples.Sum() / 1e6 / parallelism;
        Array.Sort(samples);
        return
        [
            new($"{name}: throughput", count / seconds, "ops/s", $"{count} ops, {parallelism} concurrent, alternating call by call, after {warmed} warm-up pairs (until settled)"),
            new($"{name}: p50", samples[count / 2], "µs"),
            new($"{name}: p95", samples[(int)(count * 0.95)], "µs"),
            new($"{name}: p99", samples[(int)(count * 0.99)], "µs"),
        ];
    }
}
