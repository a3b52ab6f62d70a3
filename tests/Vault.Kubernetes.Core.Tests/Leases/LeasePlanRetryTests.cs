// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using Vault.Kubernetes.Leases;
using static Vault.Kubernetes.Core.Tests.Leases.LeaseSamples;

namespace Vault.Kubernetes.Core.Tests.Leases;

public sealed class LeasePlanRetryTests
{
    private readonly LeasePlan _plan = new();

    [Fact]
    public void Retry_RenewFailed_ReissuesAfterTheBackoff()
    {
        DateTimeOffset now = T0.AddMinutes(40);

        LeaseDecision decision = _plan.Retry(HourLease, LeaseHistory.Empty, LeaseAction.Renew, TimeSpan.FromSeconds(8), now);

        Assert.Equal(LeaseAction.Reissue, decision.Action);
        Assert.Equal(now.AddSeconds(8), decision.DueAt);
        Assert.Contains("Renew failed", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Retry_BackoffPastExpiry_IsPulledBeforeExpiry()
    {
        DateTimeOffset now = T0.AddMinutes(58);

        LeaseDecision decision = _plan.Retry(HourLease, LeaseHistory.Empty, LeaseAction.Reissue, TimeSpan.FromMinutes(5), now);

        Assert.Equal(LeaseAction.Reissue, decision.Action);
        Assert.Equal(T0.AddMinutes(60).AddSeconds(-10), decision.DueAt);
    }

    [Fact]
    public void Retry_FewSecondsLeft_TakesHalfOfWhatIsLeft()
    {
        DateTimeOffset now = T0.AddMinutes(60).AddSeconds(-6);

        LeaseDecision decision = _plan.Retry(HourLease, LeaseHistory.Empty, LeaseAction.Reissue, TimeSpan.FromMinutes(5), now);

        Assert.Equal(now.AddSeconds(3), decision.DueAt);
    }

    [Fact]
    public void Retry_RenewedLease_UsesTheRenewedExpiry()
    {
        LeaseHistory history = LeaseHistory.Empty.Append(new LeaseRenewal(T0.AddMinutes(40), Hour, Hour));
        DateTimeOffset now = T0.AddMinutes(80);

        LeaseDecision decision = _plan.Retry(HourLease, history, LeaseAction.Renew, TimeSpan.FromMinutes(5), now);

        Assert.Equal(now.AddMinutes(5), decision.DueAt);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public void Retry_NoBackoff_WaitsMinimumDelay(int backoffSeconds)
    {
        DateTimeOffset now = T0.AddMinutes(40);

        LeaseDecision decision = _plan.Retry(HourLease, LeaseHistory.Empty, LeaseAction.Renew, TimeSpan.FromSeconds(backoffSeconds), now);

        Assert.Equal(now + LeasePlanDefaults.MinimumDelay, decision.DueAt);
    }

    [Fact]
    public void Retry_LeaseAlreadyExpired_WaitsNoLongerThanTheExpiredRetryMaximum()
    {
        // The destination holds dead credentials: a backoff grown to minutes during an outage must not delay new ones by minutes.
        DateTimeOffset now = T0.AddMinutes(70);

        LeaseDecision decision = _plan.Retry(HourLease, LeaseHistory.Empty, LeaseAction.Reissue, TimeSpan.FromMinutes(5), now);

        Assert.Equal(now + LeasePlanDefaults.ExpiredRetryMaximum, decision.DueAt);
        Assert.Equal(LeaseAction.Reissue, decision.Action);
    }

    [Fact]
    public void Retry_LeaseAlreadyExpired_ShortBackoff_FollowsTheBackoff()
    {
        DateTimeOffset now = T0.AddMinutes(70);

        LeaseDecision decision = _plan.Retry(HourLease, LeaseHistory.Empty, LeaseAction.Reissue, TimeSpan.FromSeconds(2), now);

        Assert.Equal(now.AddSeconds(2), decision.DueAt);
    }

    [Theory]
    [InlineData(nameof(LeaseAction.Refresh))]
    [InlineData(nameof(LeaseAction.Reread))]
    public void Retry_SecretWithoutDeadline_RetriesTheSameActionAfterTheBackoff(string actionName)
    {
        // LeaseAction is internal, so the public theory takes its name.
        LeaseAction action = Enum.Parse<LeaseAction>(actionName);
        LeaseInfo lease = action == LeaseAction.Refresh
            ? LeaseInfo.ForNonLeased(T0)
            : LeaseInfo.ForStaticRole(TimeSpan.FromSeconds(30), TimeSpan.FromHours(1), T0);

        LeaseDecision decision = _plan.Retry(lease, LeaseHistory.Empty, action, TimeSpan.FromMinutes(5), T0.AddSeconds(31));

        Assert.Equal(action, decision.Action);
        Assert.Equal(T0.AddSeconds(31).AddMinutes(5), decision.DueAt);
    }

    [Fact]
    public void Retry_NullArguments_Throw()
    {
        Assert.Throws<ArgumentNullException>("lease", () => _plan.Retry(null!, LeaseHistory.Empty, LeaseAction.Renew, TimeSpan.Zero, T0));
        Assert.Throws<ArgumentNullException>("history", () => _plan.Retry(HourLease, null!, LeaseAction.Renew, TimeSpan.Zero, T0));
    }
}
