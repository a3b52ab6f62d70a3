// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Net.Http.Headers;
using Vault.Kubernetes.Testing.Tests.Infrastructure;

namespace Vault.Kubernetes.Testing.Tests;

public sealed class ProtocolTests
{
    [Fact]
    public async Task AuthorizationBearer_IsAcceptedAsToken()
    {
        await using VaultTarget vault = await VaultTarget.StartAsync();

        VaultReply reply = await vault.SendAsync(HttpMethod.Get, "auth/token/lookup-self", null, token: null,
            r => r.Headers.Authorization = new AuthenticationHeaderValue("Bearer", vault.RootToken));

        Assert.Equal(200, reply.Status);
    }

    [Fact]
    public async Task Write_MalformedJson_Returns400()
    {
        await using VaultTarget vault = await VaultTarget.StartAsync();

        VaultReply reply = await vault.SendAsync(HttpMethod.Post, "kv/" + VaultTarget.Unique("bad"), "{not json", vault.RootToken);

        Assert.Equal(400, reply.Status);
        Assert.NotEmpty(reply.Errors);
    }

    [Fact]
    public async Task List_NonBooleanListParameter_Returns400()
    {
        await using VaultTarget vault = await VaultTarget.StartAsync();

        VaultReply reply = await vault.GetAsync("kv/?list=maybe");

        Assert.Equal(400, reply.Status);
    }

    [Fact]
    public async Task LegacyPolicyEndpoint_ListsAndReadsRules()
    {
        await using VaultTarget vault = await VaultTarget.StartAsync();
        string name = VaultTarget.Unique("legacy");
        const string Rules = """path "kv/legacy" { capabilities = ["read"] }""";
        Assert.Equal(204, (await vault.SendAsync(HttpMethod.Put, "sys/policy/" + name, new { policy = Rules })).Status);

        VaultReply list = await vault.GetAsync("sys/policy");
        VaultReply read = await vault.GetAsync("sys/policy/" + name);

        Assert.Contains(name, list.Data!["policies"]!.AsArray().Select(p => p!.GetValue<string>()));
        Assert.Contains("root", list.Json!["policies"]!.AsArray().Select(p => p!.GetValue<string>()));
        Assert.Equal(Rules, read.Data!["rules"]!.GetValue<string>());
        Assert.Equal(204, (await vault.DeleteAsync("sys/policy/" + name)).Status);
        Assert.Equal(404, (await vault.GetAsync("sys/policies/acl/" + name)).Status);
    }

    [Fact]
    public async Task AuthMounts_ListTokenMountAndRejectUnknownType()
    {
        await using VaultTarget vault = await VaultTarget.StartAsync();

        VaultReply list = await vault.GetAsync("sys/auth");
        VaultReply enable = await vault.PostAsync("sys/auth/" + VaultTarget.Unique("nope"), new { type = "no-such-auth" });

        Assert.Equal("token", list.Data!["token/"]!["type"]!.GetValue<string>());
        Assert.Equal(400, enable.Status);
    }

    [Fact]
    public async Task MountTune_DefaultLeaseTtl_ChangesKvV1LeaseDuration()
    {
        await using VaultTarget vault = await VaultTarget.StartAsync();
        await using TemporaryMount mount = await vault.MountAsync(new { type = "kv", options = new { version = "1" } });
        Assert.Equal(204, (await vault.PostAsync($"sys/mounts/{mount.Path}/tune", new { default_lease_ttl = "2h" })).Status);
        await vault.PostAsync(mount.Path + "/k", new { a = "1" });

        VaultReply read = await vault.GetAsync(mount.Path + "/k");
        VaultReply tune = await vault.GetAsync($"sys/mounts/{mount.Path}/tune");

        Assert.Equal(7200, read.Json!["lease_duration"]!.GetValue<long>());
        Assert.Equal(7200, tune.Data!["default_lease_ttl"]!.GetValue<long>());
    }

    [Fact]
    public async Task LookupAccessor_ReturnsTokenDataWithoutId()
    {
        await using VaultTarget vault = await VaultTarget.StartAsync();
        VaultReply created = await vault.PostAsync("auth/token/create", new { policies = new[] { "default" }, ttl = "1h" });
        string accessor = created.Auth!["accessor"]!.GetValue<string>();

        VaultReply lookup = await vault.PostAsync("auth/token/lookup-accessor", new { accessor });

        Assert.Equal(200, lookup.Status);
        Assert.Equal(accessor, lookup.Data!["accessor"]!.GetValue<string>());
        Assert.Equal(string.Empty, lookup.Data!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task PeriodicToken_RenewResetsToPeriodIgnoringIncrement()
    {
        var clock = Clocks.Fake();
        await using VaultTarget vault = await VaultTarget.StartAsync(new VaultDevServerOptions { TimeProvider = clock });
        vault.RequireServer();
        string token = await vault.CreateTokenAsync(new { policies = new[] { "default" }, period = "10m" });

        clock.Advance(TimeSpan.FromMinutes(8));
        VaultReply renew = await vault.PostAsync("auth/token/renew-self", new { increment = "1h" }, token);
        VaultReply lookup = await vault.GetAsync("auth/token/lookup-self", token);

        Assert.Equal(600, renew.Auth!["lease_duration"]!.GetValue<long>());
        Assert.Equal(600, lookup.Data!["period"]!.GetValue<long>());
    }

    [Fact]
    public async Task ConcurrentWrites_GetDistinctVersions()
    {
        await using VaultTarget vault = await VaultTarget.StartAsync();
        string key = VaultTarget.Unique("conc");

        VaultReply[] replies = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => vault.PostAsync("secret/data/" + key, new { data = new { i } })));

        Assert.All(replies, r => Assert.Equal(200, r.Status));
        Assert.Equal(Enumerable.Range(1, 8), replies.Select(r => r.Data!["version"]!.GetValue<int>()).Order());
    }
}
