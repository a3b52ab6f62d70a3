// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using Vault.Kubernetes.Leases;
using static Vault.Kubernetes.Core.Tests.Leases.LeaseSamples;

namespace Vault.Kubernetes.Core.Tests.Leases;

public sealed class LeaseSimulationTests
{
    
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(42)]
    public void Run_OneHourTtlOneDayMax_RenewsAllDayThenReissuesBeforeExpiry(int seed)
    {
        var server = new FakeLeaseServer(TimeSpan.FromHours(1), TimeSpan.FromHours(24));

        SimulationResult result = LeaseSimulation.Run(new LeasePlan(), server, T0, TimeSpan.FromDays(3), seed);

        Assert.Equal(TimeSpan.Zero, result.ExpiredTime);
        Assert.InRange(result.Overlaps.Count, 3, 4);

        // Renewals kept each lease for (nearly) its whole day before the capped renewal switched the plan to re-issue.
        Assert.All(result.RenewalsPerLease, n => Assert.InRange(n, 32, 40));

        // The new value arrived while the old lease still had minutes left (1/3 of the capped remainder).
        Assert.All(result.Overlaps, overlap => Assert.True(overlap >= TimeSpan.FromMinutes(5), $"overlap {overlap}"));
        Assert.True(server.Revoked >= result.Overlaps.Count - 1);
        Assert.Equal(2, result.MaxLiveLeases);
    }

    [Fact]
    public void Run_RevokeDisabled_LetsReplacedLeasesExpire()
    {
        var server = new FakeLeaseServer(TimeSpan.FromHours(1), TimeSpan.FromHours(24));
        var plan = new LeasePlan(new LeasePlanOptions { RevokeOldLeaseAfter = null });

        SimulationResult result = LeaseSimulation.Run(plan, server, T0, TimeSpan.FromDays(2), seed: 7);

        Assert.Equal(TimeSpan.Zero, result.ExpiredTime);
        Assert.NotEmpty(result.Overlaps);
        Assert.Equal(0, server.Revoked);
    }

    [Fact]
    public void Run_NonRenewableLeases_ReissuesBeforeEachExpiry()
    {
        var server = new FakeLeaseServer(TimeSpan.FromHours(1), TimeSpan.FromHours(1), renewable: false);

        SimulationResult result = LeaseSimulation.Run(new LeasePlan(), server, T0, TimeSpan.FromDays(1), seed: 3);

        Assert.Equal(TimeSpan.Zero, result.ExpiredTime);
        Assert.Equal(0, result.Renewals);

        // One hour leases replaced at 37 to 43 minutes: 33 to 39 of them in a day.
        Assert.InRange(server.Issued, 33, 40);
        Assert.All(result.Overlaps, overlap => Assert.InRange(overlap, TimeSpan.FromMinutes(17), TimeSpan.FromMinutes(23)));
    }

    [Theory]
    [InlineData(3600, 3600, true)]
    [InlineData(3600, 5400, true)]
    [InlineData(300, 86400, true)]
    [InlineData(30, 120, true)]
    [InlineData(7, 60, true)]
    [InlineData(2, 9, false)]
    public void Run_AnyTtlAndMax_NeverHoldsAnExpiredLease(int ttlSeconds, int maxSeconds, bool overlapExpected)
    {
        var server = new FakeLeaseServer(TimeSpan.FromSeconds(ttlSeconds), TimeSpan.FromSeconds(maxSeconds));

        SimulationResult result = LeaseSimulation.Run(new LeasePlan(), server, T0, TimeSpan.FromHours(12), seed: ttlSeconds);

        Assert.Equal(TimeSpan.Zero, result.ExpiredTime);

        // A 2 s lease whose last renewal is capped to 1 s cannot be replaced before MinimumDelay (1 s) has passed,
        // so it is replaced exactly as it expires: no gap, but no overlap either.
        Assert.All(result.Overlaps, overlap => Assert.Equal(overlapExpected, overlap > TimeSpan.Zero));
    }

    [Fact]
    public void Run_LeaseShorterThanMinimumDelay_ActsOncePerMinimumDelayAtMost()
    {
        var server = new FakeLeaseServer(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));

        SimulationResult result = LeaseSimulation.Run(new LeasePlan(), server, T0, TimeSpan.FromHours(1), seed: 5);

        // No busy loop: a lease that is gone by the time anything may happen is replaced once per MinimumDelay.
        Assert.Equal(3600, result.Decisions.Count);
        Assert.All(result.Decisions, d => Assert.Equal(LeaseAction.Reissue, d.Action));
    }

    [Fact]
    public void Run_OutageOverTheRenewalTime_RetriesAndReplacesTheLeaseBeforeExpiry()
    {
        // Vault is down from 35 to 55 minutes: the renewal due at 37 to 43 minutes fails and is retried with backoff.
        var server = new FakeLeaseServer(TimeSpan.FromHours(1), TimeSpan.FromHours(24))
        {
            IsDown = t => t >= T0.AddMinutes(35) && t < T0.AddMinutes(55),
        };

        SimulationResult result = LeaseSimulation.Run(new LeasePlan(), server, T0, TimeSpan.FromHours(6), seed: 11);

        Assert.True(result.Failures > 3);
        Assert.Equal(TimeSpan.Zero, result.ExpiredTime);
        Assert.True(result.Renewals > 5);
    }

    [Fact]
    public void Run_OutageOverTheExpiry_RecoversRightAfterTheOutage()
    {
        var server = new FakeLeaseServer(TimeSpan.FromHours(1), TimeSpan.FromHours(24))
        {
            IsDown = t => t >= T0.AddMinutes(35) && t < T0.AddMinutes(90),
        };

        SimulationResult result = LeaseSimulation.Run(new LeasePlan(), server, T0, TimeSpan.FromHours(6), seed: 11);

        // The lease expired at 60 minutes and could not be replaced until Vault came back at 90; backoff (at most
        // 5 minutes) then replaced it within 5 more minutes, and nothing expired after that.
        Assert.InRange(result.ExpiredTime, TimeSpan.FromMinutes(30), TimeSpan.FromMinutes(35));
        Assert.True(result.Renewals > 5);
    }
}
