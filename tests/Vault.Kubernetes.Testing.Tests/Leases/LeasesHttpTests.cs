// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using Microsoft.Extensions.Time.Testing;
using Vault.Kubernetes.Testing.Tests.Infrastructure;
using static Vault.Kubernetes.Testing.Tests.Leases.PluginServer;

namespace Vault.Kubernetes.Testing.Tests.Leases;

public sealed class LeasesHttpTests : IAsyncLifetime
{
    private const string Mount = "db";
    private VaultTarget _vault = null!;
    private FakeTimeProvider _time = null!;

    public async ValueTask InitializeAsync()
    {
        (_vault, _time) = await PluginServer.StartAsync();
        await MountDatabaseAsync(_vault, Mount, "10m", 3000);
    }

    public async ValueTask DisposeAsync() => await _vault.DisposeAsync();

    [Fact]
    public async Task Renew_Increment_IsNewTtlFromNow()
    {
        string leaseId = await IssueAsync();
        _time.Advance(TimeSpan.FromMinutes(5));

        VaultReply renew = await _vault.PostAsync("sys/leases/renew", new { lease_id = leaseId, increment = 600 });

        Assert.Equal(200, renew.Status);
        Assert.Equal(leaseId, (string?)renew.Json!["lease_id"]);
        Assert.Equal(600, (long)renew.Json!["lease_duration"]!);
        Assert.True((bool)renew.Json!["renewable"]!);
        Assert.Null(renew.Json!["data"]);
        Assert.Null(renew.Json!["warnings"]);
    }

    [Fact]
    public async Task Renew_BeyondMaxTtl_CappedWithWarning()
    {
        string leaseId = await IssueAsync();
        _time.Advance(TimeSpan.FromSeconds(500));
        Assert.Equal(2400, (long)(await _vault.PostAsync("sys/leases/renew", new { lease_id = leaseId, increment = 2400 })).Json!["lease_duration"]!);
        _time.Advance(TimeSpan.FromSeconds(2000));

        VaultReply renew = await _vault.PostAsync("sys/leases/renew", new { lease_id = leaseId, increment = "1h" });

        Assert.Equal(200, renew.Status);
        Assert.Equal(500, (long)renew.Json!["lease_duration"]!);
        Assert.Equal(["TTL of \"1h\" exceeded the effective max_ttl of \"8m20s\"; TTL value is capped accordingly"], renew.Warnings);
    }

    [Fact]
    public async Task Renew_PastMaxTtl_Error()
    {
        string leaseId = await IssueAsync();
        _time.Advance(TimeSpan.FromMinutes(8));
        Assert.Equal(1800, (long)(await _vault.PutAsync("sys/leases/renew", new { lease_id = leaseId, increment = "30m" })).Json!["lease_duration"]!);
        _time.Advance(TimeSpan.FromMinutes(27));

        // The role's max TTL shrinks under the live lease: renewal re-reads the role and is now past its max.
        Assert.Equal(204, (await _vault.PostAsync(Mount + "/roles/ro", new { max_ttl = "30m", default_ttl = "10m" })).Status);

        AssertError(await _vault.PostAsync("sys/leases/renew", new { lease_id = leaseId }), 400, "past the max TTL, cannot renew");
    }

    [Fact]
    public async Task Renew_Errors()
    {
        AssertError(await _vault.PostAsync("sys/leases/renew", new { }), 400, "lease_id must be specified");
        AssertError(await _vault.PostAsync("sys/leases/renew", new { lease_id = "db/creds/ro/unknown" }), 400, "lease not found");
        AssertError(await _vault.PostAsync("sys/leases/renew", new { lease_id = "auth/kubernetes/login/abc" }), 400, "tokens cannot be renewed through this endpoint");

        string leaseId = await IssueAsync();
        _time.Advance(TimeSpan.FromMinutes(10));
        AssertError(await _vault.PostAsync("sys/leases/renew", new { lease_id = leaseId }), 400, "lease not found");
    }

    [Fact]
    public async Task Renew_LeaseIdAsPathSuffix_AndLegacyRoute()
    {
        string leaseId = await IssueAsync();

        Assert.Equal(200, (await _vault.PutAsync("sys/leases/renew/" + leaseId, new { increment = 60 })).Status);
        Assert.Equal(120, (long)(await _vault.PutAsync("sys/renew/" + leaseId, new { increment = 120 })).Json!["lease_duration"]!);
    }

    [Fact]
    public async Task Lookup_ReturnsTimesAndTtl()
    {
        string leaseId = await IssueAsync();
        _time.Advance(TimeSpan.FromMinutes(5));

        VaultReply before = await _vault.PutAsync("sys/leases/lookup", new { lease_id = leaseId });
        Assert.Equal(200, before.Status);
        Assert.Equal(leaseId, (string?)before.Data!["id"]);
        Assert.Equal("2026-01-31T12:00:00Z", (string?)before.Data!["issue_time"]);
        Assert.Equal("2026-01-31T12:10:00Z", (string?)before.Data!["expire_time"]);
        Assert.Null(before.Data!["last_renewal"]);
        Assert.True((bool)before.Data!["renewable"]!);
        Assert.Equal(300, (long)before.Data!["ttl"]!);

        await _vault.PutAsync("sys/leases/renew", new { lease_id = leaseId, increment = 1800 });
        VaultReply after = await _vault.PutAsync("sys/leases/lookup", new { lease_id = leaseId });
        Assert.Equal("2026-01-31T12:05:00Z", (string?)after.Data!["last_renewal"]);
        Assert.Equal("2026-01-31T12:35:00Z", (string?)after.Data!["expire_time"]);

        AssertError(await _vault.PutAsync("sys/leases/lookup", new { lease_id = "db/creds/ro/none" }), 400, "invalid lease");
        AssertError(await _vault.PutAsync("sys/leases/lookup", new { }), 400, "lease_id must be specified");
    }

    [Fact]
    public async Task LookupList_ListsPrefixChildren()
    {
        string leaseId = await IssueAsync();

        VaultReply root = await _vault.ListAsync("sys/leases/lookup/db/");
        VaultReply role = await _vault.ListAsync("sys/leases/lookup/db/creds/ro/");

        Assert.Equal(["creds/"], root.Data!["keys"]!.AsArray().Select(k => (string)k!));
        Assert.Equal([leaseId.Split('/')[^1]], role.Data!["keys"]!.AsArray().Select(k => (string)k!));
        Assert.Equal(404, (await _vault.ListAsync("sys/leases/lookup/nothing/")).Status);
    }

    [Fact]
    public async Task Revoke_SyncAndAsync_AndUnknownSucceeds()
    {
        string a = await IssueAsync();
        string b = await IssueAsync();

        Assert.Equal(204, (await _vault.PutAsync("sys/leases/revoke", new { lease_id = a })).Status);
        Assert.Equal(202, (await _vault.PutAsync("sys/leases/revoke", new { lease_id = b, sync = false })).Status);
        Assert.Equal(204, (await _vault.PutAsync("sys/leases/revoke", new { lease_id = a })).Status);
        AssertError(await _vault.PutAsync("sys/leases/revoke", new { }), 400, "lease_id must be specified");
        AssertError(await _vault.PutAsync("sys/leases/lookup", new { lease_id = b }), 400, "invalid lease");
    }

    [Fact]
    public async Task RevokePrefix_RevokesAllUnderPrefix()
    {
        await IssueAsync();
        await IssueAsync();

        Assert.Equal(204, (await _vault.PutAsync("sys/leases/revoke-prefix/db/creds/ro", new { })).Status);

        Assert.Equal(404, (await _vault.ListAsync("sys/leases/lookup/db/")).Status);
        Assert.Equal(0, _vault.Server!.Database.DynamicUserCount);
    }

    [Fact]
    public async Task DefaultPolicy_CanRenewAndLookup_NotRevoke()
    {
        await _vault.CreatePolicyAsync("creds", "path \"db/creds/*\" { capabilities = [\"read\"] }");
        string token = await _vault.CreateTokenAsync(new { policies = new[] { "creds" } });
        string leaseId = (string)(await _vault.GetAsync(Mount + "/creds/ro", token)).Json!["lease_id"]!;

        Assert.Equal(200, (await _vault.SendAsync(HttpMethod.Put, "sys/leases/renew", new { lease_id = leaseId }, token)).Status);
        Assert.Equal(200, (await _vault.SendAsync(HttpMethod.Put, "sys/leases/lookup", new { lease_id = leaseId }, token)).Status);
        Assert.Equal(403, (await _vault.SendAsync(HttpMethod.Put, "sys/leases/revoke", new { lease_id = leaseId }, token)).Status);
    }

    private async Task<string> IssueAsync()
    {
        VaultReply creds = await _vault.GetAsync(Mount + "/creds/ro");
        Assert.Equal(200, creds.Status);
        return (string)creds.Json!["lease_id"]!;
    }
}
