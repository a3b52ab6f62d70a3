// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using Vault.Kubernetes.Leases;
using static Vault.Kubernetes.Core.Tests.Leases.LeaseSamples;

namespace Vault.Kubernetes.Core.Tests.Leases;

public sealed class LeaseRenewalTests
{
    [Fact]
    public void ExpiresAt_GrantedDuration_CountsFromTheRenewal()
    {
        Assert.Equal(T0.AddHours(1), new LeaseRenewal(T0, Hour).ExpiresAt);
        Assert.Equal(T0, new LeaseRenewal(T0, TimeSpan.FromSeconds(-5)).ExpiresAt);
    }

    [Fact]
    public void StoppedExtending_FullGrantMovingExpiryLater_IsFalse()
    {
        var renewal = new LeaseRenewal(T0.AddMinutes(40), Hour, Hour);

        Assert.False(renewal.StoppedExtending(T0.AddHours(1)));
        Assert.False(renewal.StoppedExtending(previousExpiry: null));
    }

    [Fact]
    public void StoppedExtending_GrantedLessThanRequested_IsTrue()
    {
        Assert.True(new LeaseRenewal(T0, TimeSpan.FromMinutes(59), Hour).StoppedExtending(null));
    }

    [Fact]
    public void StoppedExtending_GrantedShortOnlyByRounding_IsFalse()
    {
        Assert.False(new LeaseRenewal(T0, Hour - TimeSpan.FromMilliseconds(400), Hour).StoppedExtending(null));
    }

    [Fact]
    public void StoppedExtending_ExpiryNotLaterThanBefore_IsTrue()
    {
        var renewal = new LeaseRenewal(T0.AddMinutes(40), TimeSpan.FromMinutes(20));

        Assert.True(renewal.StoppedExtending(T0.AddHours(1)));
    }

    [Fact]
    public void StoppedExtending_WarningNotRenewableOrNothingGranted_IsTrue()
    {
        Assert.True(new LeaseRenewal(T0, Hour, maxTtlWarning: true).StoppedExtending(null));
        Assert.True(new LeaseRenewal(T0, Hour, renewable: false).StoppedExtending(null));
        Assert.True(new LeaseRenewal(T0, TimeSpan.Zero).StoppedExtending(null));
    }

    [Fact]
    public void ToString_DescribesTheRenewal()
    {
        string text = new LeaseRenewal(T0, Hour, TimeSpan.FromHours(2)).ToString();

        Assert.Contains("01:00:00", text, StringComparison.Ordinal);
        Assert.Contains("02:00:00", text, StringComparison.Ordinal);
    }
}
