// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using Microsoft.Extensions.Time.Testing;
using Vault.Kubernetes.Testing.Database;
using Vault.Kubernetes.Testing.Internal;

namespace Vault.Kubernetes.Testing.Tests.Database;

public sealed class DatabaseSecretsEngineTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 31, 12, 0, 0, TimeSpan.Zero));
    private readonly LeaseStore _leases;
    private readonly DatabaseSecretsEngine _engine;

    public DatabaseSecretsEngineTests()
    {
        _leases = new LeaseStore(_time, TimeSpan.FromHours(768), TimeSpan.FromHours(768));
        _engine = new DatabaseSecretsEngine(_leases, _time);
        _engine.WriteRole(Role("readonly", TimeSpan.FromHours(1), TimeSpan.FromHours(4)));
    }

    [Fact]
    public void IssueCredentials_UniqueUsersWithRenewableLease()
    {
        DatabaseCredentials first = _engine.IssueCredentials("readonly", "hvs.owner", "kubernetes-shop-web");
        DatabaseCredentials second = _engine.IssueCredentials("readonly");

        Assert.NotEqual(first.Username, second.Username);
        Assert.NotEqual(first.Password, second.Password);
        Assert.Matches($"^v-kubernet-readonly-[0-9A-Za-z]{{20}}-{_time.GetUtcNow().ToUnixTimeSeconds()}$", first.Username);
        Assert.Matches("^v-token-readonly-", second.Username);
        Assert.Equal(20, first.Password.Length);
        Assert.Contains('-', first.Password);
        Assert.Contains(first.Password, char.IsAsciiDigit);
        Assert.Contains(first.Password, char.IsAsciiLetterUpper);
        Assert.Contains(first.Password, char.IsAsciiLetterLower);
        Assert.Matches("^database/creds/readonly/[0-9A-Za-z]{24}$", first.Lease.Id);
        Assert.True(first.Lease.Renewable);
        Assert.Equal(TimeSpan.FromHours(1), first.Lease.ExpireTime - first.Lease.IssueTime);
        Assert.Equal("hvs.owner", first.Lease.TokenId);
        Assert.True(_engine.IsValid(first.Username, first.Password));
        Assert.True(_engine.IsValid(second.Username, second.Password));
        Assert.False(_engine.IsValid(first.Username, second.Password));
        Assert.Equal(2, _engine.DynamicUserCount);
    }

    [Fact]
    public void IsValid_FalseFromTheInstantTheLeaseExpires()
    {
        _engine.WriteRole(Role("short", TimeSpan.FromMinutes(10), TimeSpan.FromHours(1)));
        DatabaseCredentials creds = _engine.IssueCredentials("short");

        _time.Advance(TimeSpan.FromMinutes(10) - TimeSpan.FromTicks(1));
        Assert.True(_engine.IsValid(creds.Username, creds.Password));

        // Expired by the clock, not yet tidied: already unusable.
        _time.Advance(TimeSpan.FromTicks(1));
        Assert.False(_engine.IsValid(creds.Username, creds.Password));
        Assert.Equal(1, _engine.DynamicUserCount);

        // Tidied (the next request does this): the user is dropped from the database.
        _leases.Tidy();
        Assert.Equal(0, _engine.DynamicUserCount);
    }

    [Fact]
    public void Renewal_KeepsCredentialValidUntilMaxTtl()
    {
        DatabaseCredentials creds = _engine.IssueCredentials("readonly");

        for (int i = 0; i < 3; i++)
        {
            _time.Advance(TimeSpan.FromMinutes(50));
            Assert.Null(_leases.Renew(creds.Lease, TimeSpan.Zero).Error);
            Assert.True(_engine.IsValid(creds.Username, creds.Password));
        }

        // 150 min used of 240: the next renewal is capped to the remaining 90 minutes.
        _time.Advance(TimeSpan.FromMinutes(50));
        TtlResult capped = _leases.Renew(creds.Lease, TimeSpan.Zero);
        Assert.Equal(TimeSpan.FromMinutes(40), capped.Ttl);
        Assert.Equal("TTL of \"1h\" exceeded the effective max_ttl of \"40m\"; TTL value is capped accordingly", capped.Warning);

        _time.Advance(TimeSpan.FromMinutes(40));
        Assert.False(_engine.IsValid(creds.Username, creds.Password));
    }

    [Fact]
    public void Revoke_InvalidatesImmediately()
    {
        DatabaseCredentials creds = _engine.IssueCredentials("readonly", "hvs.owner");

        _leases.RevokeByToken("hvs.owner");
        _leases.Tidy();

        Assert.False(_engine.IsValid(creds.Username, creds.Password));
        Assert.Equal(0, _engine.DynamicUserCount);
    }

    [Fact]
    public void Renewal_UsesRolesCurrentTtls_AndFailsOnceRoleDeleted()
    {
        DatabaseCredentials creds = _engine.IssueCredentials("readonly");
        _engine.WriteRole(Role("readonly", TimeSpan.FromMinutes(5), TimeSpan.FromHours(4)));

        Assert.Equal(TimeSpan.FromMinutes(5), _leases.Renew(creds.Lease, TimeSpan.Zero).Ttl);
        _engine.DeleteRole("readonly");
        Assert.Equal("error during renew: could not find role with name readonly", _leases.Renew(creds.Lease, TimeSpan.Zero).Error);
    }

    [Fact]
    public void IssueCredentials_UnknownRole_400()
    {
        var ex = Assert.Throws<VaultRequestException>(() => _engine.IssueCredentials("missing"));

        Assert.Equal(400, ex.StatusCode);
        Assert.Equal("unknown role: missing", ex.Message);
    }

    [Fact]
    public void StaticCredentials_RotateWhenPeriodElapses()
    {
        _engine.WriteStaticRole("app", "pg", "app_static", TimeSpan.FromHours(1), null);
        StaticCredentials first = _engine.GetStaticCredentials("app");

        Assert.Equal("app_static", first.Username);
        Assert.Equal(_time.GetUtcNow(), first.LastVaultRotation);
        Assert.Equal(TimeSpan.FromHours(1), first.Ttl);
        Assert.True(_engine.IsValid("app_static", first.Password));

        _time.Advance(TimeSpan.FromMinutes(59));
        Assert.Equal(TimeSpan.FromMinutes(1), _engine.GetStaticCredentials("app").Ttl);
        Assert.True(_engine.IsValid("app_static", first.Password));

        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.False(_engine.IsValid("app_static", first.Password));
        StaticCredentials second = _engine.GetStaticCredentials("app");
        Assert.NotEqual(first.Password, second.Password);
        Assert.Equal(_time.GetUtcNow(), second.LastVaultRotation);
        Assert.Equal(TimeSpan.FromHours(1), second.Ttl);
        Assert.True(_engine.IsValid("app_static", second.Password));

        // Several periods later the rotation time lands on the last period boundary.
        _time.Advance(TimeSpan.FromMinutes(150));
        StaticCredentials third = _engine.GetStaticCredentials("app");
        Assert.Equal(second.LastVaultRotation.AddHours(2), third.LastVaultRotation);
        Assert.Equal(TimeSpan.FromMinutes(30), third.Ttl);
    }

    [Fact]
    public void RotateStaticRole_ChangesPasswordNow()
    {
        _engine.WriteStaticRole("app", "pg", "app_static", TimeSpan.FromHours(1), null);
        string before = _engine.GetStaticCredentials("app").Password;
        _time.Advance(TimeSpan.FromMinutes(10));

        _engine.RotateStaticRole("app");

        Assert.False(_engine.IsValid("app_static", before));
        Assert.Equal(TimeSpan.FromHours(1), _engine.GetStaticCredentials("app").Ttl);
    }

    [Theory]
    [InlineData(null, "u", 3600, "empty database name attribute")]
    [InlineData("pg", null, 3600, "username is a required field to create a static account")]
    [InlineData("pg", "u", 4, "rotation_period must be 5 seconds or more")]
    [InlineData("pg", "u", null, "one of rotation_schedule or rotation_period must be provided to create a static account")]
    public void WriteStaticRole_Invalid_400(string? db, string? user, int? periodSeconds, string message)
    {
        TimeSpan? period = periodSeconds is { } s ? TimeSpan.FromSeconds(s) : null;

        var ex = Assert.Throws<VaultRequestException>(() => _engine.WriteStaticRole("s", db, user, period, null));

        Assert.Equal(message, ex.Message);
        Assert.Null(_engine.ReadStaticRole("s"));
    }

    [Fact]
    public void Roles_NamesUniqueAcrossDynamicAndStatic()
    {
        _engine.WriteStaticRole("app", "pg", "app_static", TimeSpan.FromHours(1), null);

        Assert.Throws<VaultRequestException>(() => _engine.WriteRole(Role("app", default, default)));
        Assert.Throws<VaultRequestException>(() => _engine.WriteStaticRole("readonly", "pg", "u", TimeSpan.FromHours(1), null));
        Assert.Throws<VaultRequestException>(() => _engine.WriteStaticRole("app", null, "other", null, null));
        Assert.Equal(["app"], _engine.ListStaticRoles());
        Assert.Equal(["readonly"], _engine.ListRoles());
    }

    [Fact]
    public void WriteRole_Invalid_400()
    {
        Assert.Equal("empty database name attribute", Assert.Throws<VaultRequestException>(() => _engine.WriteRole(Role("r", default, default) with { DbName = "" })).Message);
        Assert.Equal("empty creation statements", Assert.Throws<VaultRequestException>(() => _engine.WriteRole(Role("r", default, default) with { CreationStatements = [] })).Message);
        Assert.Equal("ttl cannot be greater than max_ttl", Assert.Throws<VaultRequestException>(() => _engine.WriteRole(Role("r", TimeSpan.FromHours(2), TimeSpan.FromHours(1)))).Message);
    }

    [Fact]
    public void IsValid_UnknownUser_False()
    {
        Assert.False(_engine.IsValid("nobody", "pw"));
    }

    private static DatabaseRole Role(string name, TimeSpan ttl, TimeSpan max) =>
        new(name, "pg", ["CREATE ROLE \"{{name}}\" WITH LOGIN PASSWORD '{{password}}';"], [], [], [], ttl, max);
}
