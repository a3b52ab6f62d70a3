// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using Microsoft.Extensions.Options;
using Vault.Kubernetes.Leases;
using static Vault.Kubernetes.Core.Tests.Leases.LeaseSamples;

namespace Vault.Kubernetes.Core.Tests.Leases;

public sealed class LeasePlanTests
{
    private readonly LeasePlan _plan = new();

    [Theory]
    [InlineData(0.0, 37 * 60)]
    [InlineData(0.5, 40 * 60)]
    [InlineData(1.0, 43 * 60)]
    public void Next_RenewableHourLease_RenewsAtTwoThirdsWithinJitter(double random, int expectedSeconds)
    {
        LeaseInfo lease = HourLease;

        LeaseDecision decision = _plan.Next(lease, LeaseHistory.Empty, T0, random);

        Assert.Equal(LeaseAction.Renew, decision.Action);
        AssertClose(T0.AddSeconds(expectedSeconds), decision.DueAt);
    }

    [Fact]
    public void Next_SameInputs_SameDecisionAndLaterRandomNeverEarlier()
    {
        LeaseInfo lease = HourLease;
        DateTimeOffset previous = DateTimeOffset.MinValue;

        for (double random = 0; random < 1; random += 0.05)
        {
            DateTimeOffset due = _plan.Next(lease, LeaseHistory.Empty, T0, random).DueAt;
            Assert.Equal(due, _plan.Next(lease, LeaseHistory.Empty, T0, random).DueAt);
            Assert.True(due >= previous);
            previous = due;
        }
    }

    [Fact]
    public void Next_RenewalExtendedTheLease_RenewsAgainFromTheRenewal()
    {
        LeaseDecision decision = NextAfter(new LeaseRenewal(T0.AddMinutes(40), Hour, Hour));

        Assert.Equal(LeaseAction.Renew, decision.Action);
        AssertClose(T0.AddMinutes(80), decision.DueAt);
    }

    [Fact]
    public void Next_RenewalGrantedLessThanRequested_ReissuesAtTwoThirdsOfWhatIsLeft()
    {
        DateTimeOffset renewedAt = T0.AddMinutes(40);

        LeaseDecision decision = NextAfter(new LeaseRenewal(renewedAt, TimeSpan.FromMinutes(30), Hour));

        Assert.Equal(LeaseAction.Reissue, decision.Action);
        AssertClose(renewedAt.AddMinutes(20), decision.DueAt);
        Assert.Contains("max TTL", decision.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true, true)]
    [InlineData(false, false)]
    public void Next_RenewalReplyWarnsOrIsNotRenewable_Reissues(bool maxTtlWarning, bool renewable)
    {
        DateTimeOffset renewedAt = T0.AddMinutes(40);

        LeaseDecision decision = NextAfter(new LeaseRenewal(renewedAt, Hour, requestedIncrement: null, renewable, maxTtlWarning));

        Assert.Equal(LeaseAction.Reissue, decision.Action);
        AssertClose(renewedAt.AddMinutes(40), decision.DueAt);
    }

    [Fact]
    public void Next_RenewalDidNotMoveExpiryLater_Reissues()
    {
        // No increment was requested, so only the expiry tells that the max TTL capped the renewal.
        LeaseDecision decision = NextAfter(new LeaseRenewal(T0.AddMinutes(40), TimeSpan.FromMinutes(20)));

        Assert.Equal(LeaseAction.Reissue, decision.Action);
        Assert.True(decision.DueAt < T0 + Hour);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    public void Next_NonRenewableLease_ReissuesBeforeExpiry(double random)
    {
        LeaseInfo lease = LeaseInfo.ForLease("aws/creds/deploy/xyz", Hour, renewable: false, T0);

        LeaseDecision decision = _plan.Next(lease, LeaseHistory.Empty, T0, random);

        Assert.Equal(LeaseAction.Reissue, decision.Action);
        Assert.InRange(decision.DueAt, T0.AddMinutes(37).AddMilliseconds(-1), T0.AddMinutes(43).AddMilliseconds(1));
        Assert.Contains("not renewable", decision.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-30)]
    public void Next_ZeroOrNegativeDuration_ReissuesOnTheRefreshIntervalNotAtOnce(int seconds)
    {
        LeaseInfo lease = LeaseInfo.ForLease("database/creds/app/abc", TimeSpan.FromSeconds(seconds), renewable: true, T0);

        LeaseDecision decision = _plan.Next(lease, LeaseHistory.Empty, T0, 0.5);

        Assert.Equal(LeaseAction.Reissue, decision.Action);
        AssertClose(T0 + LeasePlanDefaults.RefreshInterval, decision.DueAt);
    }

    [Fact]
    public void Next_ZeroDurationAndLongAfterObtained_WaitsAtLeastMinimumDelay()
    {
        LeaseInfo lease = LeaseInfo.ForLease("database/creds/app/abc", TimeSpan.Zero, renewable: true, T0);
        DateTimeOffset now = T0.AddHours(3);

        LeaseDecision decision = _plan.Next(lease, LeaseHistory.Empty, now, 0.5);

        Assert.Equal(now + LeasePlanDefaults.MinimumDelay, decision.DueAt);
    }

    [Theory]
    [InlineData(3600)]
    [InlineData(3600.5)]
    [InlineData(7200)]
    public void Next_LeaseExpiredOrExpiringWithinMinimumDelay_ReissuesAfterMinimumDelay(double secondsAfterObtained)
    {
        LeaseInfo lease = HourLease;
        DateTimeOffset now = T0.AddSeconds(secondsAfterObtained - 0.5);

        LeaseDecision decision = _plan.Next(lease, LeaseHistory.Empty, now, 0.5);

        Assert.Equal(LeaseAction.Reissue, decision.Action);
        Assert.Equal(now + LeasePlanDefaults.MinimumDelay, decision.DueAt);
    }

    [Fact]
    public void Next_RenewalGrantedNothing_ReissuesAfterMinimumDelay()
    {
        DateTimeOffset renewedAt = T0.AddMinutes(59);

        LeaseDecision decision = NextAfter(new LeaseRenewal(renewedAt, TimeSpan.Zero, Hour));

        Assert.Equal(LeaseAction.Reissue, decision.Action);
        Assert.Equal(renewedAt + LeasePlanDefaults.MinimumDelay, decision.DueAt);
    }

    [Fact]
    public void Next_CalledAfterTheRenewalTimePassed_RenewsAfterMinimumDelayBeforeExpiry()
    {
        LeaseInfo lease = HourLease;
        DateTimeOffset now = T0.AddMinutes(55);

        LeaseDecision decision = _plan.Next(lease, LeaseHistory.Empty, now, 0.5);

        Assert.Equal(LeaseAction.Renew, decision.Action);
        Assert.Equal(now + LeasePlanDefaults.MinimumDelay, decision.DueAt);
    }

    [Theory]
    [InlineData(60, 40)]
    [InlineData(20, 10)]
    [InlineData(12, 6)]
    public void Next_ShortTerm_KeepsExpiryMarginButAtMostHalfTheTerm(int leaseSeconds, int expectedSeconds)
    {
        LeaseInfo lease = LeaseInfo.ForLease("database/creds/app/abc", TimeSpan.FromSeconds(leaseSeconds), renewable: true, T0);

        LeaseDecision decision = _plan.Next(lease, LeaseHistory.Empty, T0, 0.5);

        AssertClose(T0.AddSeconds(expectedSeconds), decision.DueAt);
    }

    [Theory]
    [InlineData(0.0, 285)]
    [InlineData(0.5, 300)]
    [InlineData(1.0, 315)]
    public void Next_KvSecret_RefreshesOnTheIntervalWithJitter(double random, int expectedSeconds)
    {
        LeaseInfo lease = LeaseInfo.ForNonLeased(T0, kvVersion: 4);

        LeaseDecision decision = _plan.Next(lease, LeaseHistory.Empty, T0, random);

        Assert.Equal(LeaseAction.Refresh, decision.Action);
        AssertClose(T0.AddSeconds(expectedSeconds), decision.DueAt);
    }

    [Theory]
    [InlineData(60, 60)]
    [InlineData(768 * 3600, 300)]
    public void Next_KvSecretWithTtlHint_UsesTheHintOnlyWhenShorter(int hintSeconds, int expectedSeconds)
    {
        LeaseInfo lease = LeaseInfo.ForNonLeased(T0, refreshHint: TimeSpan.FromSeconds(hintSeconds));

        LeaseDecision decision = _plan.Next(lease, LeaseHistory.Empty, T0, 0.5);

        Assert.Equal(LeaseAction.Refresh, decision.Action);
        AssertClose(T0.AddSeconds(expectedSeconds), decision.DueAt);
    }

    [Theory]
    [InlineData(0.0, 1)]
    [InlineData(0.5, 3)]
    [InlineData(1.0, 5)]
    public void Next_StaticRole_RereadsJustAfterTheNextRotation(double random, int secondsAfterRotation)
    {
        LeaseInfo lease = LeaseInfo.ForStaticRole(TimeSpan.FromSeconds(85213), TimeSpan.FromDays(1), T0);

        LeaseDecision decision = _plan.Next(lease, LeaseHistory.Empty, T0, random);

        Assert.Equal(LeaseAction.Reread, decision.Action);
        Assert.Equal(T0.AddSeconds(85213 + secondsAfterRotation), decision.DueAt);
    }

    [Fact]
    public void Next_StaticRoleAtRotation_RereadsAfterTheDelayNotImmediately()
    {
        LeaseInfo lease = LeaseInfo.ForStaticRole(TimeSpan.Zero, TimeSpan.FromDays(1), T0);

        LeaseDecision decision = _plan.Next(lease, LeaseHistory.Empty, T0, 0.0);

        Assert.Equal(LeaseAction.Reread, decision.Action);
        Assert.Equal(T0 + LeasePlanDefaults.StaticRoleRereadDelay, decision.DueAt);
    }

    [Fact]
    public void Next_StaticRoleWithoutRereadDelay_StillWaitsMinimumDelay()
    {
        var plan = new LeasePlan(new LeasePlanOptions { StaticRoleRereadDelay = TimeSpan.Zero, StaticRoleRereadJitter = TimeSpan.Zero });
        LeaseInfo lease = LeaseInfo.ForStaticRole(TimeSpan.Zero, rotationPeriod: null, T0);

        LeaseDecision decision = plan.Next(lease, LeaseHistory.Empty, T0, 0.0);

        Assert.Equal(T0 + LeasePlanDefaults.MinimumDelay, decision.DueAt);
    }

    [Fact]
    public void Next_Certificate_ReissuesBeforeExpiration()
    {
        LeaseInfo lease = LeaseInfo.ForCertificate(T0.AddHours(24), T0);

        LeaseDecision decision = _plan.Next(lease, LeaseHistory.Empty, T0, 0.5);

        Assert.Equal(LeaseAction.Reissue, decision.Action);
        AssertClose(T0.AddHours(16), decision.DueAt);
    }

    [Fact]
    public void Next_ExpiredCertificate_ReissuesAfterMinimumDelay()
    {
        LeaseInfo lease = LeaseInfo.ForCertificate(T0.AddHours(-1), T0.AddHours(-25));

        LeaseDecision decision = _plan.Next(lease, LeaseHistory.Empty, T0, 0.5);

        Assert.Equal(LeaseAction.Reissue, decision.Action);
        Assert.Equal(T0 + LeasePlanDefaults.MinimumDelay, decision.DueAt);
    }

    [Fact]
    public void Next_CustomFractionWithoutJitter_RenewsExactlyAtTheFraction()
    {
        var plan = new LeasePlan(new LeasePlanOptions { RenewFraction = 0.5, JitterFraction = 0 });
        LeaseInfo lease = HourLease;

        Assert.Equal(T0.AddMinutes(30), plan.Next(lease, LeaseHistory.Empty, T0, 0.0).DueAt);
        Assert.Equal(T0.AddMinutes(30), plan.Next(lease, LeaseHistory.Empty, T0, 0.9).DueAt);
    }

    [Theory]
    [InlineData(-3.0, 0.0)]
    [InlineData(7.0, 1.0)]
    [InlineData(double.NaN, 0.5)]
    public void Next_RandomOutsideRange_IsClampedIntoTheJitterWindow(double random, double equivalent)
    {
        LeaseInfo lease = HourLease;

        Assert.Equal(
            _plan.Next(lease, LeaseHistory.Empty, T0, equivalent).DueAt,
            _plan.Next(lease, LeaseHistory.Empty, T0, random).DueAt);
    }

    [Fact]
    public void Next_NullArguments_Throw()
    {
        LeaseInfo lease = LeaseInfo.ForNonLeased(T0);

        Assert.Throws<ArgumentNullException>("lease", () => _plan.Next(null!, LeaseHistory.Empty, T0, 0));
        Assert.Throws<ArgumentNullException>("history", () => _plan.Next(lease, null!, T0, 0));
    }

    [Fact]
    public void Constructor_InvalidOptions_ThrowsNamingTheProperty()
    {
        var ex = Assert.Throws<OptionsValidationException>(() => new LeasePlan(new LeasePlanOptions { RenewFraction = 1.5 }));

        Assert.Contains(ex.Failures, f => f.Contains("RenewFraction", StringComparison.Ordinal));
        Assert.Equal(typeof(LeasePlanOptions), ex.OptionsType);
    }

    [Fact]
    public void Constructor_OptionsChangedAfterwards_PlanKeepsItsCopy()
    {
        var options = new LeasePlanOptions { RenewFraction = 0.5, JitterFraction = 0 };
        var plan = new LeasePlan(options);
        options.RenewFraction = 0.9;
        LeaseInfo lease = HourLease;

        Assert.Equal(T0.AddMinutes(30), plan.Next(lease, LeaseHistory.Empty, T0, 0.5).DueAt);
    }

    [Fact]
    public void RevokeOldLeaseAt_Default_RevokesAfterTheGracePeriod()
    {
        LeaseInfo old = LeaseInfo.ForLease("database/creds/app/old", Hour, renewable: true, T0);

        Assert.Equal(T0.AddMinutes(42), _plan.RevokeOldLeaseAt(old, LeaseHistory.Empty, T0.AddMinutes(40)));
    }

    [Fact]
    public void RevokeOldLeaseAt_GraceDisabled_LetsItExpire()
    {
        var plan = new LeasePlan(new LeasePlanOptions { RevokeOldLeaseAfter = null });
        LeaseInfo old = LeaseInfo.ForLease("database/creds/app/old", Hour, renewable: true, T0);

        Assert.Null(plan.RevokeOldLeaseAt(old, LeaseHistory.Empty, T0.AddMinutes(40)));
    }

    [Fact]
    public void RevokeOldLeaseAt_LeaseExpiresBeforeGraceEnds_LetsItExpire()
    {
        LeaseInfo old = LeaseInfo.ForLease("database/creds/app/old", Hour, renewable: true, T0);

        Assert.Null(_plan.RevokeOldLeaseAt(old, LeaseHistory.Empty, T0.AddMinutes(59)));
    }

    [Fact]
    public void RevokeOldLeaseAt_RenewedLease_UsesTheRenewedExpiry()
    {
        LeaseInfo old = LeaseInfo.ForLease("database/creds/app/old", Hour, renewable: true, T0);
        LeaseHistory history = LeaseHistory.Empty.Append(new LeaseRenewal(T0.AddMinutes(40), Hour, Hour));

        Assert.Equal(T0.AddMinutes(61), _plan.RevokeOldLeaseAt(old, history, T0.AddMinutes(59)));
    }

    [Fact]
    public void RevokeOldLeaseAt_NoLeaseId_ReturnsNull()
    {
        Assert.Null(_plan.RevokeOldLeaseAt(LeaseInfo.ForCertificate(T0.AddDays(1), T0), LeaseHistory.Empty, T0.AddHours(16)));
        Assert.Null(_plan.RevokeOldLeaseAt(LeaseInfo.ForNonLeased(T0), LeaseHistory.Empty, T0.AddHours(1)));
    }

    [Fact]
    public void RevokeOldLeaseAt_CertificateWithLease_Revokes()
    {
        LeaseInfo old = LeaseInfo.ForCertificate(T0.AddDays(1), T0, "pki/issue/web/abc");

        Assert.Equal(T0.AddHours(16).AddMinutes(2), _plan.RevokeOldLeaseAt(old, LeaseHistory.Empty, T0.AddHours(16)));
    }

    private LeaseDecision NextAfter(LeaseRenewal renewal) =>
        _plan.Next(HourLease, LeaseHistory.Empty.Append(renewal), renewal.RenewedAt, 0.5);

    private static void AssertClose(DateTimeOffset expected, DateTimeOffset actual) =>
        Assert.True((expected - actual).Duration() < TimeSpan.FromMilliseconds(1), $"expected {expected:O}, got {actual:O}");
}
