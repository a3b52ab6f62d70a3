// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using Vault.Kubernetes.Leases;

namespace Vault.Kubernetes.Core.Tests.Leases;

public sealed class ExponentialBackoffTests
{
    private static readonly ExponentialBackoff s_login = new(TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5), 0.25);

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 4)]
    [InlineData(9, 256)]
    [InlineData(10, 300)]
    [InlineData(1000, 300)]
    public void GetDelay_NoJitter_DoublesUpToMaximum(int attempt, int expectedSeconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), s_login.GetDelay(attempt, random: 0));
    }

    [Fact]
    public void GetDelay_FullJitter_RemovesAtMostJitterFraction()
    {
        Assert.Equal(TimeSpan.FromSeconds(0.75), s_login.GetDelay(1, random: 1));
        Assert.Equal(TimeSpan.FromSeconds(225), s_login.GetDelay(20, random: 1));
        Assert.Equal(TimeSpan.FromSeconds(3.5), s_login.GetDelay(3, random: 0.5));
    }

    [Fact]
    public void GetDelay_AttemptBelowOne_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => s_login.GetDelay(0, 0));
    }

    [Fact]
    public void Constructor_MaximumBelowInitial_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ExponentialBackoff(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ExponentialBackoff(TimeSpan.Zero, TimeSpan.FromSeconds(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ExponentialBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), 1.5));
    }
}
