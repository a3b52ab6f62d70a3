// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using Vault.Kubernetes.Testing.Tests.Infrastructure;

namespace Vault.Kubernetes.Testing.Tests;

public sealed class AclTests
{
    [Fact]
    public async Task Request_WithoutToken_Returns403PermissionDenied()
    {
        await using VaultTarget vault = await VaultTarget.StartAsync();

        VaultReply reply = await vault.SendAsync(HttpMethod.Get, "secret/data/app", null, token: null);

        reply.AssertError(403, "permission denied");
    }

    [Fact]
    public async Task Request_WithUnknownToken_Returns403PermissionDeniedAndInvalidToken()
    {
        await using VaultTarget vault = await VaultTarget.StartAsync();

        VaultReply reply = await vault.GetAsync("secret/data/app", token: "hvs.not-a-real-token");

        Assert.Equal(403, reply.Status);
        string errors = string.Join("\n", reply.Errors);
        Assert.Contains("permission denied", errors, StringComparison.Ordinal);
        Assert.Contains("invalid token", errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Request_WithUnknownTokenOnUnmountedPath_Returns403NotNoHandler()
    {
        await using VaultTarget vault = await VaultTarget.StartAsync();

        VaultReply reply = await vault.GetAsync(VaultTarget.Unique("nomount") + "/x", token: "hvs.garbage");

        Assert.Equal(403, reply.Status);
        Assert.Contains("invalid token", string.Join("\n", reply.Errors), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Request_ValidTokenWithoutPolicyOnUnmountedPath_Returns403PermissionDeniedOnly()
    {
        await using VaultTarget vault = await VaultTarget.StartAsync();
        string token = await vault.CreateTokenAsync(new { policies = new[] { "default" }, ttl = "1h" });

        VaultReply reply = await vault.GetAsync(VaultTarget.Unique("nomount") + "/x", token);

        Assert.Equal(403, reply.Status);
        string errors = string.Join("\n", reply.Errors);
        Assert.Contains("permission denied", errors, StringComparison.Ordinal);
        Assert.DoesNotContain("invalid token", errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Request_PermittedTokenOnUnmountedPath_Returns404NoHandler()
    {
        await using VaultTarget vault = await VaultTarget.StartAsync();
        string mount = VaultTarget.Unique("nomount");

        VaultReply reply = await vault.GetAsync(mount + "/foo/bar");

        reply.AssertError(404, $"no handler for route \"{mount}/foo/bar\". route entry not found.");
    }

    [Fact]
    public async Task Policy_ReadOnlyGlob_AllowsReadDeniesWriteAndOtherPaths()
    {
        await using VaultTarget vault = await VaultTarget.StartAsync();
        string app = VaultTarget.Unique("app");
        string policy = VaultTarget.Unique("reader");
        await vault.PostAsync("secret/data/" + app + "/db", new { data = new { password = "p" } });
        await vault.CreatePolicyAsync(policy, $$"""path "secret/data/{{app}}/*" { capabilities = ["read"] }""");
        string token = await vault.CreateTokenAsync(new { policies = new[] { policy }, ttl = "1h" });

        VaultReply read = await vault.GetAsync($"secret/data/{app}/db", token);
        VaultReply write = await vault.PostAsync($"secret/data/{app}/db", new { data = new { password = "q" } }, token);
        VaultReply other = await vault.GetAsync("secret/data/" + VaultTarget.Unique("other"), token);

        Assert.Equal(200, read.Status);
        Assert.Equal(403, write.Status);
        Assert.Contains("permission denied", string.Join("\n", write.Errors), StringComparison.Ordinal);
        Assert.Equal(403, other.Status);
    }

    [Fact]
    public async Task Policy_PlusSegment_MatchesExactlyOneSegment()
    {
        await using VaultTarget vault = await VaultTarget.StartAsync();
        string app = VaultTarget.Unique("plus");
        string policy = VaultTarget.Unique("plus");
        await vault.PostAsync($"secret/data/{app}/team/config", new { data = new { a = "1" } });
        await vault.PostAsync($"secret/data/{app}/team/deep/config", new { data = new { a = "1" } });
        await vault.CreatePolicyAsync(policy, $$"""path "secret/data/{{app}}/+/config" { capabilities = ["read"] }""");
        string token = await vault.CreateTokenAsync(new { policies = new[] { policy }, ttl = "1h" });

        Assert.Equal(200, (await vault.GetAsync($"secret/data/{app}/team/config", token)).Status);
        Assert.Equal(403, (await vault.GetAsync($"secret/data/{app}/team/deep/config", token)).Status);
    }

    [Fact]
    public async Task Policy_CreateWithoutUpdate_AllowsFirstWriteOnly()
    {
        await using VaultTarget vault = await VaultTarget.StartAsync();
        string app = VaultTarget.Unique("create");
        string policy = VaultTarget.Unique("creator");
        await vault.CreatePolicyAsync(policy, $$"""path "kv/{{app}}" { capabilities = ["create"] }""");
        string token = await vault.CreateTokenAsync(new { policies = new[] { policy }, ttl = "1h" });

        VaultReply first = await vault.PostAsync("kv/" + app, new { a = "1" }, token);
        VaultReply second = await vault.PostAsync("kv/" + app, new { a = "2" }, token);

        Assert.Equal(204, first.Status);
        Assert.Equal(403, second.Status);
    }

    [Fact]
    public async Task Policy_Deny_OverridesBroaderGrant()
    {
        await using VaultTarget vault = await VaultTarget.StartAsync();
        string app = VaultTarget.Unique("deny");
        string policy = VaultTarget.Unique("deny");
        await vault.PostAsync($"kv/{app}/open", new { a = "1" });
        await vault.PostAsync($"kv/{app}/closed", new { a = "1" });
        await vault.CreatePolicyAsync(policy, $$"""
            path "kv/{{app}}/*" { capabilities = ["read"] }
            path "kv/{{app}}/closed" { capabilities = ["deny"] }
            """);
        string token = await vault.CreateTokenAsync(new { policies = new[] { policy }, ttl = "1h" });

        Assert.Equal(200, (await vault.GetAsync($"kv/{app}/open", token)).Status);
        Assert.Equal(403, (await vault.GetAsync($"kv/{app}/closed", token)).Status);
    }

    [Fact]
    public async Task Policy_ListCapability_RequiredForListing()
    {
        await using VaultTarget vault = await VaultTarget.StartAsync();
        string app = VaultTarget.Unique("lst");
        string policy = VaultTarget.Unique("lst");
        await vault.PostAsync($"kv/{app}/a", new { a = "1" });
        await vault.CreatePolicyAsync(policy, $$"""path "kv/{{app}}/*" { capabilities = ["read"] }""");
        string token = await vault.CreateTokenAsync(new { policies = new[] { policy }, ttl = "1h" });

        VaultReply list = await vault.ListAsync($"kv/{app}/", token);

        Assert.Equal(403, list.Status);
    }

    [Fact]
    public async Task Request_WithRevokedToken_Returns403InvalidToken()
    {
        await using VaultTarget vault = await VaultTarget.StartAsync();
        string token = await vault.CreateTokenAsync(new { policies = new[] { "default" }, ttl = "1h" });
        Assert.Equal(204, (await vault.PostAsync("auth/token/revoke", new { token })).Status);

        VaultReply reply = await vault.GetAsync("auth/token/lookup-self", token);

        Assert.Equal(403, reply.Status);
        Assert.Contains("invalid token", string.Join("\n", reply.Errors), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Request_WithLimitedUseToken_FailsAfterLastUse()
    {
        await using VaultTarget vault = await VaultTarget.StartAsync();
        string token = await vault.CreateTokenAsync(new { policies = new[] { "default" }, ttl = "1h", num_uses = 2 });

        VaultReply first = await vault.GetAsync("auth/token/lookup-self", token);
        VaultReply second = await vault.GetAsync("auth/token/lookup-self", token);
        VaultReply third = await vault.GetAsync("auth/token/lookup-self", token);

        Assert.Equal(200, first.Status);
        Assert.Equal(200, second.Status);
        Assert.Equal(403, third.Status);
    }

    [Fact]
    public async Task Request_WithExpiredToken_Returns403InvalidToken()
    {
        var clock = Clocks.Fake();
        await using VaultTarget vault = await VaultTarget.StartAsync(new VaultDevServerOptions { TimeProvider = clock });
        VaultDevServer server = vault.RequireServer();
        string token = await vault.CreateTokenAsync(new { policies = new[] { "default" }, ttl = "10m" });
        Assert.Equal(200, (await vault.GetAsync("auth/token/lookup-self", token)).Status);

        clock.Advance(TimeSpan.FromMinutes(10));
        VaultReply reply = await vault.GetAsync("auth/token/lookup-self", token);

        Assert.Equal(403, reply.Status);
        Assert.Contains("invalid token", string.Join("\n", reply.Errors), StringComparison.Ordinal);
        Assert.False(server.IsTokenValid(token));
    }

    [Fact]
    public async Task Policy_ReadBack_ReturnsStoredText()
    {
        await using VaultTarget vault = await VaultTarget.StartAsync();
        string policy = VaultTarget.Unique("rb");
        const string Text = """path "kv/x" { capabilities = ["read"] }""";
        await vault.CreatePolicyAsync(policy, Text);

        VaultReply read = await vault.GetAsync("sys/policies/acl/" + policy);

        Assert.Equal(200, read.Status);
        Assert.Equal(policy, read.Data!["name"]!.GetValue<string>());
        Assert.Equal(Text, read.Data!["policy"]!.GetValue<string>());
    }

    [Fact]
    public async Task Policy_Malformed_Returns400()
    {
        await using VaultTarget vault = await VaultTarget.StartAsync();

        VaultReply reply = await vault.SendAsync(HttpMethod.Put, "sys/policies/acl/" + VaultTarget.Unique("bad"), new { policy = """path "kv/x" { capabilities = ["fly"] }""" });

        Assert.Equal(400, reply.Status);
    }
}
