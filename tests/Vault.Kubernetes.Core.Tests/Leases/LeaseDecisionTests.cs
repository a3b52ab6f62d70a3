// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using Vault.Kubernetes.Leases;
using static Vault.Kubernetes.Core.Tests.Leases.LeaseSamples;

namespace Vault.Kubernetes.Core.Tests.Leases;

public sealed class LeaseDecisionTests
{
    [Fact]
    public void DelayFrom_BeforeAndAfterDue_NeverNegative()
    {
        var decision = new LeaseDecision(LeaseAction.Renew, T0.AddMinutes(40), "renew");

        Assert.Equal(TimeSpan.FromMinutes(40), decision.DelayFrom(T0));
        Assert.Equal(TimeSpan.Zero, decision.DelayFrom(T0.AddHours(1)));
    }

    [Fact]
    public void ToString_ActionTimeAndReason()
    {
        var decision = new LeaseDecision(LeaseAction.Reissue, T0, "max TTL");

        Assert.Equal("Reissue at 2026-03-01T10:00:00.0000000+00:00: max TTL", decision.ToString());
    }

    [Fact]
    public void Constructor_NullReason_Throws()
    {
        Assert.Throws<ArgumentNullException>("reason", () => new LeaseDecision(LeaseAction.Refresh, T0, null!));
    }
}
