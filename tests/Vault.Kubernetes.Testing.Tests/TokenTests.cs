// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Text.Json.Nodes;
using Vault.Kubernetes.Testing.Internal;
using Vault.Kubernetes.Testing.Tests.Infrastructure;

namespace Vault.Kubernetes.Testing.Tests;

public sealed class TokenTests
{
    private static readonly string[] s_lookupKeys =
    [
        "accessor", "creation_time", "creation_ttl", "display_name", "entity_id", "expire_time", "explicit_max_ttl", "id",
        "issue_time", "meta", "num_uses", "orphan", "path", "policies", "renewable", "ttl", "type",
    ];

    private static readonly string[] s_authKeys =
    [
        "client_token", "accessor", "policies", "token_policies", "metadata", "lease_duration", "renewable", "entity_id",
        "token_type", "orphan", "mfa_requirement", "num_uses",
    ];

    [Fact]
    public async Task LookupSelf_RootToken_NeverExpires()
    {
        await using VaultTarget vault = await VaultTarget.StartAsync();

        VaultReply reply = await vault.GetAsync("auth/token/lookup-self");

        Assert.Equal(200, reply.Status);
        JsonNode data = reply.Data!;
        Assert.Equal(0, data["ttl"]!.GetValue<long>());
        Assert.Null(data["expire_time"]);
        Assert.Equal(["root"], data["policies"]!.AsArray().Select(p => p!.GetValue<string>()));
        Assert.False(data["renewable"]!.GetValue<bool>());
        Assert.Equal("auth/token/root", data["path"]!.GetValue<string>());
        Assert.Equal(vault.RootToken, data["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Create_ServiceToken_ReturnsFullAuthBlock()
    {
        await using VaultTarget vault = await VaultTarget.StartAsync();
        string policy = VaultTarget.Unique("p");
        await vault.CreatePolicyAsync(policy, """path "kv/x" { capabilities = ["read"] }""");

        VaultReply reply = await vault.PostAsync("auth/token/create", new { policies = new[] { policy }, ttl = "1h", meta = new { team = "a" } });

        Assert.Equal(200, reply.Status);
        JsonObject auth = reply.Auth!.AsObject();
        foreach (string key in s_authKeys)
        {
            Assert.True(auth.ContainsKey(key), $"auth is missing {key}");
        }

        Assert.Equal(3600, auth["lease_duration"]!.GetValue<long>());
        Assert.True(auth["renewable"]!.GetValue<bool>());
        Assert.Equal("service", auth["token_type"]!.GetValue<string>());
        Assert.Equal(new[] { "default", policy }.Order(StringComparer.Ordinal), auth["policies"]!.AsArray().Select(p => p!.GetValue<string>()).Order(StringComparer.Ordinal));
        Assert.Equal("a", auth["metadata"]!["team"]!.GetValue<string>());
        Assert.Null(reply.Data);
    }

    [Fact]
    public async Task LookupSelf_CreatedToken_HasEveryDocumentedKey()
    {
        await using VaultTarget vault = await VaultTarget.StartAsync();
        string token = await vault.CreateTokenAsync(new { policies = new[] { "default" }, ttl = "1h", explicit_max_ttl = "2h" });

        VaultReply reply = await vault.GetAsync("auth/token/lookup-self", token);

        Assert.Equal(200, reply.Status);
        JsonObject data = reply.Data!.AsObject();
        foreach (string key in s_lookupKeys)
        {
            Assert.True(data.ContainsKey(key), $"lookup-self data is missing {key}");
        }

        Assert.Equal(3600, data["creation_ttl"]!.GetValue<long>());
        Assert.Equal(7200, data["explicit_max_ttl"]!.GetValue<long>());
        Assert.InRange(data["ttl"]!.GetValue<long>(), 3500, 3600);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$", data["expire_time"]!.GetValue<string>());
        Assert.Equal("auth/token/create", data["path"]!.GetValue<string>());
        Assert.Equal("service", data["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task RenewSelf_Increment_IsNewTtlFromNowNotAdded()
    {
        var clock = Clocks.Fake();
        await using VaultTarget vault = await VaultTarget.StartAsync(new VaultDevServerOptions { TimeProvider = clock });
        vault.RequireServer();
        string token = await vault.CreateTokenAsync(new { policies = new[] { "default" }, ttl = "1h", explicit_max_ttl = "3h" });

        clock.Advance(TimeSpan.FromMinutes(30));
        VaultReply renew = await vault.PostAsync("auth/token/renew-self", new { increment = "1h" }, token);

        Assert.Equal(200, renew.Status);
        Assert.Equal(3600, renew.Auth!["lease_duration"]!.GetValue<long>());
        Assert.Empty(renew.Warnings);
        VaultReply lookup = await vault.GetAsync("auth/token/lookup-self", token);
        Assert.Equal(3600, lookup.Data!["ttl"]!.GetValue<long>());
        Assert.True(lookup.Data!.AsObject().ContainsKey("last_renewal_time"));
    }

    [Fact]
    public async Task RenewSelf_PastMaxTtl_IsCappedWithWarningThenExpires()
    {
        var clock = Clocks.Fake();
        await using VaultTarget vault = await VaultTarget.StartAsync(new VaultDevServerOptions { TimeProvider = clock });
        VaultDevServer server = vault.RequireServer();
        string token = await vault.CreateTokenAsync(new { policies = new[] { "default" }, ttl = "1h", explicit_max_ttl = "2h" });

        clock.Advance(TimeSpan.FromMinutes(50));
        VaultReply first = await vault.PostAsync("auth/token/renew-self", new { increment = 3600 }, token);
        Assert.Equal(3600, first.Auth!["lease_duration"]!.GetValue<long>());
        clock.Advance(TimeSpan.FromMinutes(30));
        VaultReply renew = await vault.PostAsync("auth/token/renew-self", new { increment = 3600 }, token);

        Assert.Equal(200, renew.Status);
        Assert.Equal(2400, renew.Auth!["lease_duration"]!.GetValue<long>());
        Assert.Contains("TTL of \"1h\" exceeded the effective max_ttl of \"40m\"; TTL value is capped accordingly", renew.Warnings);

        clock.Advance(TimeSpan.FromMinutes(40));
        VaultReply after = await vault.GetAsync("auth/token/lookup-self", token);
        Assert.Equal(403, after.Status);
        Assert.False(server.IsTokenValid(token));
    }

    [Fact]
    public async Task RenewSelf_WithoutIncrement_ReusesLastTtl()
    {
        var clock = Clocks.Fake();
        await using VaultTarget vault = await VaultTarget.StartAsync(new VaultDevServerOptions { TimeProvider = clock });
        vault.RequireServer();
        string token = await vault.CreateTokenAsync(new { policies = new[] { "default" }, ttl = "20m" });

        clock.Advance(TimeSpan.FromMinutes(15));
        VaultReply renew = await vault.PostAsync("auth/token/renew-self", new { }, token);

        Assert.Equal(1200, renew.Auth!["lease_duration"]!.GetValue<long>());
    }

    [Fact]
    public async Task RenewSelf_Increment_AgainstAnyServer_GrantsRequestedTtl()
    {
        await using VaultTarget vault = await VaultTarget.StartAsync();
        string token = await vault.CreateTokenAsync(new { policies = new[] { "default" }, ttl = "1h" });

        VaultReply renew = await vault.PostAsync("auth/token/renew-self", new { increment = "30m" }, token);

        Assert.Equal(200, renew.Status);
        Assert.InRange(renew.Auth!["lease_duration"]!.GetValue<long>(), 1790, 1800);
        Assert.Equal(token, renew.Auth!["client_token"]!.GetValue<string>());
    }

    [Fact]
    public async Task RenewSelf_NonRenewableToken_Returns400LeaseIsNotRenewable()
    {
        await using VaultTarget vault = await VaultTarget.StartAsync();
        string token = await vault.CreateTokenAsync(new { policies = new[] { "default" }, ttl = "1h", renewable = false });

        VaultReply renew = await vault.PostAsync("auth/token/renew-self", new { increment = "1h" }, token);

        renew.AssertError(400, "lease is not renewable");
    }

    [Fact]
    public async Task Create_StringBooleanRenewable_IsAccepted()
    {
        await using VaultTarget vault = await VaultTarget.StartAsync();

        VaultReply reply = await vault.PostAsync("auth/token/create", new { policies = new[] { "default" }, ttl = "1h", renewable = "false" });

        Assert.Equal(200, reply.Status);
        Assert.False(reply.Auth!["renewable"]!.GetValue<bool>());
    }

    [Fact]
    public async Task RevokeSelf_Returns204AndInvalidatesToken()
    {
        await using VaultTarget vault = await VaultTarget.StartAsync();
        string token = await vault.CreateTokenAsync(new { policies = new[] { "default" }, ttl = "1h" });

        VaultReply revoke = await vault.PostAsync("auth/token/revoke-self", null, token);

        Assert.Equal(204, revoke.Status);
        VaultReply after = await vault.GetAsync("auth/token/lookup-self", token);
        Assert.Equal(403, after.Status);
        Assert.Contains("invalid token", string.Join("\n", after.Errors), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RevokeSelf_RevokesTheTokensLeases()
    {
        await using VaultTarget vault = await VaultTarget.StartAsync();
        VaultDevServer server = vault.RequireServer();
        string token = await vault.CreateTokenAsync(new { policies = new[] { "default" }, ttl = "1h" });
        var revoked = new List<string>();
        Lease lease = server.Core.Locked(() =>
        {
            Lease l = server.Core.Leases.Register("database/creds/ro", TimeSpan.FromMinutes(10), TimeSpan.Zero, true, token, "database");
            l.OnRevoke = x => revoked.Add(x.Id);
            return l;
        });

        await vault.PostAsync("auth/token/revoke-self", null, token);

        Assert.Equal([lease.Id], revoked);
        Assert.Null(server.Core.Locked(() => server.Core.Leases.Get(lease.Id)));
    }

    [Fact]
    public async Task Lookup_OtherToken_ReturnsItsData()
    {
        await using VaultTarget vault = await VaultTarget.StartAsync();
        string token = await vault.CreateTokenAsync(new { policies = new[] { "default" }, ttl = "1h" });

        VaultReply lookup = await vault.PostAsync("auth/token/lookup", new { token });

        Assert.Equal(200, lookup.Status);
        Assert.Equal(token, lookup.Data!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Renew_OtherToken_ReturnsAuthWithNewTtl()
    {
        await using VaultTarget vault = await VaultTarget.StartAsync();
        string token = await vault.CreateTokenAsync(new { policies = new[] { "default" }, ttl = "1h" });

        VaultReply renew = await vault.PostAsync("auth/token/renew", new { token, increment = "10m" });

        Assert.Equal(200, renew.Status);
        Assert.InRange(renew.Auth!["lease_duration"]!.GetValue<long>(), 590, 600);
    }

    [Fact]
    public async Task Revoke_ParentToken_RevokesChildren()
    {
        await using VaultTarget vault = await VaultTarget.StartAsync();
        string parent = await vault.CreateTokenCreatorAsync();
        VaultReply child = await vault.PostAsync("auth/token/create", new { policies = new[] { "default" }, ttl = "30m" }, parent);
        Assert.Equal(200, child.Status);
        string childToken = child.Auth!["client_token"]!.GetValue<string>();

        await vault.PostAsync("auth/token/revoke", new { token = parent });

        Assert.Equal(403, (await vault.GetAsync("auth/token/lookup-self", childToken)).Status);
    }

    [Fact]
    public async Task Create_ChildWithPolicyParentLacks_Returns400()
    {
        await using VaultTarget vault = await VaultTarget.StartAsync();
        string parent = await vault.CreateTokenCreatorAsync();

        VaultReply child = await vault.PostAsync("auth/token/create", new { policies = new[] { VaultTarget.Unique("other") } }, parent);

        child.AssertError(400, "child policies must be subset of parent");
    }

    [Fact]
    public async Task Create_Token_GetsDefaultPolicyAndDefaultTtl()
    {
        var clock = Clocks.Fake();
        await using VaultTarget vault = await VaultTarget.StartAsync(new VaultDevServerOptions { TimeProvider = clock });
        vault.RequireServer();

        VaultReply reply = await vault.PostAsync("auth/token/create", new { });

        Assert.Equal(2764800, reply.Auth!["lease_duration"]!.GetValue<long>());
    }

    [Fact]
    public async Task Handles_CreateToken_IsUsableOverHttp()
    {
        await using VaultTarget vault = await VaultTarget.StartAsync();
        VaultDevServer server = vault.RequireServer();
        server.SetPolicy("reader", """path "secret/data/*" { capabilities = ["read"] }""");
        server.WriteKvSecret("secret", "app", new Dictionary<string, object?> { ["k"] = "v" });
        string token = server.CreateToken(["reader"], TimeSpan.FromMinutes(5));

        VaultReply read = await vault.GetAsync("secret/data/app", token);

        Assert.Equal(200, read.Status);
        Assert.True(server.IsTokenValid(token));
        server.RevokeToken(token);
        Assert.False(server.IsTokenValid(token));
    }
}
