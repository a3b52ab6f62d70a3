// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using Vault.Kubernetes.Leases;
using static Vault.Kubernetes.Core.Tests.Leases.LeaseSamples;

namespace Vault.Kubernetes.Core.Tests.Leases;

public sealed class LeaseInfoTests
{
    [Fact]
    public void ForLease_PositiveDuration_ExpiresAfterIt()
    {
        LeaseInfo lease = LeaseInfo.ForLease("database/creds/readonly/Xq3", TimeSpan.FromSeconds(3600), renewable: true, T0);

        Assert.Equal(LeaseKind.Leased, lease.Kind);
        Assert.Equal("database/creds/readonly/Xq3", lease.LeaseId);
        Assert.True(lease.Renewable);
        Assert.Equal(T0, lease.ObtainedAt);
        Assert.Equal(T0.AddHours(1), lease.ExpiresAt);
        Assert.Null(lease.StaticTtl);
        Assert.Null(lease.CertificateExpiration);
        Assert.Null(lease.KvVersion);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public void ForLease_ZeroOrNegativeDuration_HasNoExpiry(int seconds)
    {
        LeaseInfo lease = LeaseInfo.ForLease("database/creds/readonly/Xq3", TimeSpan.FromSeconds(seconds), renewable: true, T0);

        Assert.Null(lease.ExpiresAt);
    }

    [Fact]
    public void ForLease_MissingLeaseId_Throws()
    {
        Assert.Throws<ArgumentNullException>("leaseId", () => LeaseInfo.ForLease(null!, TimeSpan.FromHours(1), true, T0));
        Assert.Throws<ArgumentException>("leaseId", () => LeaseInfo.ForLease(string.Empty, TimeSpan.FromHours(1), true, T0));
    }

    [Fact]
    public void ForNonLeased_KvSecret_HasVersionAndNoExpiry()
    {
        LeaseInfo lease = LeaseInfo.ForNonLeased(T0, kvVersion: 7, refreshHint: TimeSpan.FromMinutes(1));

        Assert.Equal(LeaseKind.NonLeased, lease.Kind);
        Assert.Equal(7, lease.KvVersion);
        Assert.Equal(TimeSpan.FromMinutes(1), lease.Duration);
        Assert.Equal(string.Empty, lease.LeaseId);
        Assert.False(lease.Renewable);
        Assert.Null(lease.ExpiresAt);
    }

    [Fact]
    public void ForStaticRole_Ttl_ExpiresAtTheNextRotation()
    {
        LeaseInfo lease = LeaseInfo.ForStaticRole(TimeSpan.FromSeconds(85213), TimeSpan.FromSeconds(86400), T0);

        Assert.Equal(LeaseKind.StaticRole, lease.Kind);
        Assert.Equal(TimeSpan.FromSeconds(85213), lease.StaticTtl);
        Assert.Equal(TimeSpan.FromDays(1), lease.RotationPeriod);
        Assert.Equal(T0.AddSeconds(85213), lease.ExpiresAt);
    }

    [Fact]
    public void ForStaticRole_NegativeTtl_CountsAsZero()
    {
        LeaseInfo lease = LeaseInfo.ForStaticRole(TimeSpan.FromSeconds(-3), rotationPeriod: null, T0);

        Assert.Equal(TimeSpan.Zero, lease.StaticTtl);
        Assert.Equal(T0, lease.ExpiresAt);
    }

    [Fact]
    public void ForCertificate_Expiration_ExpiresThenWithOptionalLeaseId()
    {
        LeaseInfo plain = LeaseInfo.ForCertificate(T0.AddHours(24), T0);
        LeaseInfo leased = LeaseInfo.ForCertificate(T0.AddHours(24), T0, "pki/issue/web/abc");

        Assert.Equal(LeaseKind.Certificate, plain.Kind);
        Assert.Equal(T0.AddHours(24), plain.ExpiresAt);
        Assert.Equal(T0.AddHours(24), plain.CertificateExpiration);
        Assert.Equal(TimeSpan.FromHours(24), plain.Duration);
        Assert.Equal(string.Empty, plain.LeaseId);
        Assert.Equal("pki/issue/web/abc", leased.LeaseId);
    }

    [Fact]
    public void ToString_DescribesTimingOnly()
    {
        string text = LeaseInfo.ForLease("database/creds/readonly/Xq3", TimeSpan.FromHours(1), renewable: true, T0).ToString();

        Assert.Contains("Leased", text, StringComparison.Ordinal);
        Assert.Contains("database/creds/readonly/Xq3", text, StringComparison.Ordinal);
        Assert.Contains("2026-03-01T11:00:00.0000000+00:00", text, StringComparison.Ordinal);
        Assert.Contains("never", LeaseInfo.ForNonLeased(T0).ToString(), StringComparison.Ordinal);
        Assert.Contains("(no lease)", LeaseInfo.ForNonLeased(T0).ToString(), StringComparison.Ordinal);
    }
}
