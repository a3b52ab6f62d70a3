// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using Vault.Kubernetes.Leases;
using static Vault.Kubernetes.Core.Tests.Leases.LeaseSamples;

namespace Vault.Kubernetes.Core.Tests.Leases;

public sealed class LeaseHistoryTests
{
    
    [Fact]
    public void Empty_NoRenewals_UsesTheLeaseExpiry()
    {
        Assert.Equal(0, LeaseHistory.Empty.Count);
        Assert.Null(LeaseHistory.Empty.Last);
        Assert.Equal(T0.AddHours(1), LeaseHistory.Empty.CurrentExpiry(HourLease));
        Assert.False(LeaseHistory.Empty.HasStoppedExtending(HourLease));
    }

    [Fact]
    public void Append_Renewal_ReturnsNewHistoryAndLeavesTheOldOne()
    {
        var renewal = new LeaseRenewal(T0.AddMinutes(40), Hour, Hour);

        LeaseHistory history = LeaseHistory.Empty.Append(renewal);

        Assert.Equal(1, history.Count);
        Assert.Same(renewal, history.Last);
        Assert.Equal(T0.AddMinutes(100), history.CurrentExpiry(HourLease));
        Assert.Equal(0, LeaseHistory.Empty.Count);
    }

    [Fact]
    public void Append_OutOfOrder_Throws()
    {
        LeaseHistory history = LeaseHistory.Empty.Append(new LeaseRenewal(T0.AddMinutes(40), Hour));

        Assert.Throws<ArgumentException>("renewal", () => history.Append(new LeaseRenewal(T0.AddMinutes(10), Hour)));
        Assert.Throws<ArgumentNullException>("renewal", () => history.Append(null!));
    }

    [Fact]
    public void HasStoppedExtending_SecondRenewalNotPastFirstExpiry_IsTrue()
    {
        // The first renewal moved the expiry to 100 min; the second one (no increment sent) only reaches 100 min again.
        LeaseHistory history = LeaseHistory.Empty
            .Append(new LeaseRenewal(T0.AddMinutes(40), Hour))
            .Append(new LeaseRenewal(T0.AddMinutes(80), TimeSpan.FromMinutes(20)));

        Assert.True(history.HasStoppedExtending(HourLease));
        Assert.Equal(2, history.Count);
    }

    [Fact]
    public void HasStoppedExtending_LatestRenewalExtended_IsFalse()
    {
        LeaseHistory history = LeaseHistory.Empty
            .Append(new LeaseRenewal(T0.AddMinutes(40), Hour))
            .Append(new LeaseRenewal(T0.AddMinutes(80), Hour));

        Assert.False(history.HasStoppedExtending(HourLease));
    }

    [Fact]
    public void HasStoppedExtending_FirstRenewalNotPastLeaseExpiry_IsTrue()
    {
        LeaseHistory history = LeaseHistory.Empty.Append(new LeaseRenewal(T0.AddMinutes(40), TimeSpan.FromMinutes(20)));

        Assert.True(history.HasStoppedExtending(HourLease));
    }

    [Fact]
    public void Methods_NullLease_Throw()
    {
        Assert.Throws<ArgumentNullException>("lease", () => LeaseHistory.Empty.CurrentExpiry(null!));
        Assert.Throws<ArgumentNullException>("lease", () => LeaseHistory.Empty.HasStoppedExtending(null!));
    }
}
