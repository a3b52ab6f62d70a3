// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using Microsoft.Extensions.Time.Testing;
using Vault.Kubernetes.Testing.Leases;

namespace Vault.Kubernetes.Testing.Tests.Leases;

public sealed class LeaseRegistryTests : IDisposable
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 31, 12, 0, 0, TimeSpan.Zero));
    private readonly LeaseRegistry _registry;

    public LeaseRegistryTests()
    {
        _registry = new LeaseRegistry(_time);
    }

    public void Dispose() => _registry.Dispose();

    [Fact]
    public void Register_IdIsPathPlus24Base62()
    {
        Lease lease = _registry.Register("database/creds/readonly", new LeaseTerms(TimeSpan.FromHours(1), TimeSpan.FromHours(24)), renewable: true);

        Assert.Matches("^database/creds/readonly/[0-9A-Za-z]{24}$", lease.Id);
        Assert.Equal(_time.GetUtcNow(), lease.IssueTime);
        Assert.Equal(_time.GetUtcNow().AddHours(1), lease.ExpireTime);
        Assert.Null(lease.LastRenewal);
        Assert.NotEqual(lease.Id, _registry.Register("database/creds/readonly", default, true).Id);
    }

    [Fact]
    public void Register_DefaultTtlAboveMax_CappedToMax()
    {
        Lease lease = _registry.Register("p", new LeaseTerms(TimeSpan.FromHours(2), TimeSpan.FromHours(1)), renewable: true);

        Assert.Equal(TimeSpan.FromHours(1), lease.ExpireTime - lease.IssueTime);
    }

    [Fact]
    public void Register_NoTerms_UsesSystemDefault768h()
    {
        Lease lease = _registry.Register("p", default, renewable: true);

        Assert.Equal(TimeSpan.FromHours(768), lease.ExpireTime - lease.IssueTime);
    }

    [Fact]
    public void Renew_WithinMax_GrantsIncrementFromNow()
    {
        Lease lease = _registry.Register("p", new LeaseTerms(TimeSpan.FromHours(1), TimeSpan.FromHours(24)), renewable: true);
        _time.Advance(TimeSpan.FromMinutes(40));

        LeaseRenewal renewal = _registry.Renew(lease.Id, TimeSpan.FromMinutes(30));

        Assert.Equal(TimeSpan.FromMinutes(30), renewal.Ttl);
        Assert.Empty(renewal.Warnings);
        Assert.Equal(_time.GetUtcNow().AddMinutes(30), lease.ExpireTime);
        Assert.Equal(_time.GetUtcNow(), lease.LastRenewal);
    }

    [Fact]
    public void Renew_NoIncrement_UsesDefaultTtl()
    {
        Lease lease = _registry.Register("p", new LeaseTerms(TimeSpan.FromMinutes(10), TimeSpan.FromHours(1)), renewable: true);
        _time.Advance(TimeSpan.FromMinutes(5));

        Assert.Equal(TimeSpan.FromMinutes(10), _registry.Renew(lease.Id).Ttl);
    }

    [Fact]
    public void Renew_BeyondMax_CappedWithWarning()
    {
        Lease lease = _registry.Register("p", new LeaseTerms(TimeSpan.FromHours(1), TimeSpan.FromSeconds(3000)), renewable: true);
        _time.Advance(TimeSpan.FromSeconds(2500));

        LeaseRenewal renewal = _registry.Renew(lease.Id, TimeSpan.FromHours(1));

        Assert.Equal(TimeSpan.FromSeconds(500), renewal.Ttl);
        Assert.Equal(["TTL of \"1h\" exceeded the effective max_ttl of \"8m20s\"; TTL value is capped accordingly"], renewal.Warnings);
        Assert.Equal(lease.IssueTime.AddSeconds(3000), lease.ExpireTime);
    }

    [Fact]
    public void Renew_RenewedUpToMax_ThenExpires()
    {
        using var registry = new LeaseRegistry(_time, reapDelay: TimeSpan.FromMinutes(1));
        Lease lease = registry.Register("p", new LeaseTerms(TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(10)), renewable: true);
        _time.Advance(TimeSpan.FromMinutes(4));

        Assert.Equal(TimeSpan.FromMinutes(6), registry.Renew(lease.Id, TimeSpan.FromMinutes(6)).Ttl);
        _time.Advance(TimeSpan.FromMinutes(6));

        AssertFails(() => registry.Renew(lease.Id), "lease expired");
    }

    [Fact]
    public void Renew_PastMaxButNotExpired_PastMaxTtlError()
    {
        // Max TTL shrinks under an existing lease (role updated): renewal past the new max fails.
        var backend = new FakeLeaseBackend { Terms = new LeaseTerms(TimeSpan.FromHours(1), TimeSpan.FromHours(2)) };
        Lease lease = _registry.Register("p", backend.Terms, renewable: true, backend: backend);
        _time.Advance(TimeSpan.FromMinutes(50));
        backend.Terms = new LeaseTerms(TimeSpan.FromHours(1), TimeSpan.FromMinutes(30));

        AssertFails(() => _registry.Renew(lease.Id), "past the max TTL, cannot renew");
    }

    [Theory]
    [InlineData(null, "lease_id must be specified")]
    [InlineData("", "lease_id must be specified")]
    [InlineData("database/creds/x/unknown", "lease not found")]
    [InlineData("auth/kubernetes/login/h1234", "tokens cannot be renewed through this endpoint")]
    public void Renew_BadId_Errors(string? id, string message)
    {
        AssertFails(() => _registry.Renew(id), message);
    }

    [Fact]
    public void Renew_NotRenewable_Errors()
    {
        Lease lease = _registry.Register("aws/creds/sts", new LeaseTerms(TimeSpan.FromHours(1), default), renewable: false);

        AssertFails(() => _registry.Renew(lease.Id), "lease is not renewable");
    }

    [Fact]
    public void Renew_ExpiredNotYetReaped_LeaseExpired_ThenNotFound()
    {
        using var registry = new LeaseRegistry(_time, reapDelay: TimeSpan.FromSeconds(30));
        var backend = new FakeLeaseBackend { Terms = new LeaseTerms(TimeSpan.FromMinutes(1), default) };
        Lease lease = registry.Register("p", backend.Terms, renewable: true, backend: backend);

        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.False(registry.IsActive(lease.Id));
        AssertFails(() => registry.Renew(lease.Id), "lease expired");
        Assert.Empty(backend.Revoked);

        _time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal([lease.Id], backend.Revoked);
        AssertFails(() => registry.Renew(lease.Id), "lease not found");
    }

    [Fact]
    public void Expiry_ReaperRevokesAtExpireTime_RenewalPostponesIt()
    {
        var backend = new FakeLeaseBackend { Terms = new LeaseTerms(TimeSpan.FromMinutes(10), TimeSpan.FromHours(1)) };
        Lease lease = _registry.Register("p", backend.Terms, renewable: true, backend: backend);
        _time.Advance(TimeSpan.FromMinutes(9));
        _registry.Renew(lease.Id);

        _time.Advance(TimeSpan.FromMinutes(9));
        Assert.Empty(backend.Revoked);
        Assert.True(_registry.IsActive(lease.Id));

        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal([lease.Id], backend.Revoked);
        Assert.Equal(0, _registry.Count);
    }

    [Fact]
    public void Lookup_ReturnsTimesAndRemainingTtl()
    {
        Lease lease = _registry.Register("p", new LeaseTerms(TimeSpan.FromHours(1), default), renewable: true);
        _time.Advance(TimeSpan.FromMinutes(15));

        Lease found = _registry.Lookup(lease.Id);

        Assert.Same(lease, found);
        Assert.Equal(TimeSpan.FromMinutes(45), found.RemainingAt(_time.GetUtcNow()));
        var ex = Assert.Throws<VaultBackendException>(() => _registry.Lookup("p/none"));
        Assert.Equal("invalid lease", ex.Message);
    }

    [Fact]
    public void Revoke_CallsBackendOnce_UnknownIsNoOp()
    {
        var backend = new FakeLeaseBackend();
        Lease lease = _registry.Register("p", default, renewable: true, backend: backend);

        _registry.Revoke(lease.Id);
        _registry.Revoke(lease.Id);
        _time.Advance(TimeSpan.FromDays(40));

        Assert.Equal([lease.Id], backend.Revoked);
        AssertFails(() => _registry.Revoke(""), "lease_id must be specified");
    }

    [Fact]
    public void RevokeByToken_OnlyThatTokensLeases()
    {
        var backend = new FakeLeaseBackend();
        Lease mine = _registry.Register("p", default, true, ownerToken: "hvs.mine", backend: backend);
        Lease theirs = _registry.Register("p", default, true, ownerToken: "hvs.theirs", backend: backend);

        Assert.Equal(1, _registry.RevokeByToken("hvs.mine"));

        Assert.Equal([mine.Id], backend.Revoked);
        Assert.True(_registry.IsActive(theirs.Id));
    }

    [Fact]
    public void RevokePrefix_AndList()
    {
        Lease a = _registry.Register("database/creds/a", default, true);
        Lease b = _registry.Register("database/creds/b", default, true);

        Assert.Equal(new[] { a.Id, b.Id }.Order(StringComparer.Ordinal), _registry.List("database/creds/"));
        Assert.Equal(1, _registry.RevokePrefix("database/creds/a/"));
        Assert.Equal([b.Id], _registry.List("database/"));
    }

    private static void AssertFails(Action action, string message)
    {
        var ex = Assert.Throws<VaultBackendException>(action);
        Assert.Equal(400, ex.StatusCode);
        Assert.Equal(message, ex.Message);
    }
}
