// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using CsCheck;
using Vault.Kubernetes.Leases;
using static Vault.Kubernetes.Core.Tests.Leases.LeaseSamples;

namespace Vault.Kubernetes.Core.Tests.Leases;

public sealed class LeasePlanPropertyTests
{
    private static readonly LeasePlan s_plan = new();

    // A lease of -10 s to 2 days, maybe renewed once (granted -10 s to 2 days) within its first hour, seen at any time
    // from 1 hour before it was obtained to 1 hour after its original expiry.
    private static readonly Gen<(LeaseInfo Lease, LeaseHistory History, DateTimeOffset Now, double Random)> s_leases =
        Gen.Select(Gen.Int[-10, 172_800], Gen.Bool, Gen.Int[-10, 172_800], Gen.Bool, Gen.Double[-0.1, 1.1], Gen.Double[0, 1])
            .Select((duration, renewable, granted, renewed, when, random) =>
            {
                LeaseInfo lease = LeaseInfo.ForLease("database/creds/app/p", TimeSpan.FromSeconds(duration), renewable, T0);
                LeaseHistory history = renewed
                    ? LeaseHistory.Empty.Append(new LeaseRenewal(T0.AddSeconds(Math.Clamp(duration / 2, 0, 3_600)), TimeSpan.FromSeconds(granted), lease.Duration))
                    : LeaseHistory.Empty;
                DateTimeOffset now = T0.AddSeconds(when * (Math.Max(duration, 0) + 36_000));
                return (lease, history, now, random);
            });

    [Fact]
    public void Next_AnyLease_NeverDueBeforeMinimumDelay()
    {
        s_leases.Sample((lease, history, now, random) =>
        {
            LeaseDecision decision = s_plan.Next(lease, history, now, random);
            Assert.True(decision.DueAt >= now + LeasePlanDefaults.MinimumDelay, decision.ToString());
        }, iter: 5_000, threads: 1);
    }

    [Fact]
    public void Next_AnyLeaseWithTimeLeft_DueStrictlyBeforeExpiry()
    {
        s_leases.Sample((lease, history, now, random) =>
        {
            LeaseDecision decision = s_plan.Next(lease, history, now, random);
            if (history.CurrentExpiry(lease) is { } expiry && expiry - now > LeasePlanDefaults.MinimumDelay)
            {
                Assert.True(decision.DueAt < expiry, $"{decision} for {lease}, now {now:O}");
            }
        }, iter: 5_000, threads: 1);
    }

    [Fact]
    public void Next_FreshRenewableLease_StaysInsideTheJitterWindow()
    {
        Gen.Select(Gen.Int[60, 172_800], Gen.Double[0, 1]).Sample((seconds, random) =>
        {
            var term = TimeSpan.FromSeconds(seconds);
            LeaseInfo lease = LeaseInfo.ForLease("database/creds/app/p", term, renewable: true, T0);

            DateTimeOffset due = s_plan.Next(lease, LeaseHistory.Empty, T0, random).DueAt;

            double fraction = (due - T0) / term;
            Assert.InRange(fraction, (2.0 / 3.0) - 0.05 - 1e-9, (2.0 / 3.0) + 0.05 + 1e-9);
            Assert.Equal(due, s_plan.Next(lease, LeaseHistory.Empty, T0, random).DueAt);
        }, iter: 2_000, threads: 1);
    }

    [Fact]
    public void Next_KvSecret_StaysInsideTheJitterWindow()
    {
        Gen.Double[0, 1].Sample(random =>
        {
            TimeSpan delay = s_plan.Next(LeaseInfo.ForNonLeased(T0), LeaseHistory.Empty, T0, random).DueAt - T0;
            Assert.InRange(delay, TimeSpan.FromSeconds(285), TimeSpan.FromSeconds(315));
        }, iter: 1_000, threads: 1);
    }

    [Fact]
    public void Retry_AnyBackoff_NeverBeforeMinimumDelayAndBeforeExpiryWhileTimeIsLeft()
    {
        Gen.Select(s_leases, Gen.Int[-5, 3_600]).Sample((sample, backoffSeconds) =>
        {
            (LeaseInfo lease, LeaseHistory history, DateTimeOffset now, _) = sample;

            LeaseDecision decision = s_plan.Retry(lease, history, LeaseAction.Renew, TimeSpan.FromSeconds(backoffSeconds), now);

            Assert.True(decision.DueAt >= now + LeasePlanDefaults.MinimumDelay, decision.ToString());
            if (history.CurrentExpiry(lease) is { } expiry && expiry - now > LeasePlanDefaults.MinimumDelay)
            {
                Assert.True(decision.DueAt < expiry, $"{decision} for {lease}, now {now:O}");
            }
        }, iter: 5_000, threads: 1);
    }
}
