// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using Vault.Kubernetes.Testing.Tests.Infrastructure;

namespace Vault.Kubernetes.Testing.Tests;

public sealed class MountTests
{
    [Theory]
    [InlineData("secret", "2")]
    [InlineData("secret/a/b/c", "2")]
    [InlineData("kv", "1")]
    [InlineData("kv/deep/path", "1")]
    public async Task UiMounts_KnownMount_ReportsTypeAndVersion(string path, string version)
    {
        await using VaultTarget vault = await VaultTarget.StartAsync();

        VaultReply reply = await vault.GetAsync("sys/internal/ui/mounts/" + path);

        Assert.Equal(200, reply.Status);
        Assert.Equal("kv", reply.Data!["type"]!.GetValue<string>());
        Assert.Equal(version, reply.Data!["options"]!["version"]!.GetValue<string>());
        Assert.Equal(path.Split('/')[0] + "/", reply.Data!["path"]!.GetValue<string>());
    }

    [Fact]
    public async Task UiMounts_TokenWithoutAccessToMount_Returns403Preflight()
    {
        await using VaultTarget vault = await VaultTarget.StartAsync();
        string policy = VaultTarget.Unique("ui");
        await vault.CreatePolicyAsync(policy, """path "secret/data/app/*" { capabilities = ["read"] }""");
        string token = await vault.CreateTokenAsync(new { policies = new[] { policy }, ttl = "1h" });

        VaultReply allowed = await vault.GetAsync("sys/internal/ui/mounts/secret/app/x", token);
        VaultReply denied = await vault.GetAsync("sys/internal/ui/mounts/kv", token);

        Assert.Equal(200, allowed.Status);
        Assert.Equal("2", allowed.Data!["options"]!["version"]!.GetValue<string>());
        denied.AssertError(403, "preflight capability check returned 403, please ensure client's policies grant access to path \"kv/\"");
    }

    [Fact]
    public async Task UiMounts_UnknownMount_Returns403Preflight()
    {
        await using VaultTarget vault = await VaultTarget.StartAsync();
        string mount = VaultTarget.Unique("nomount");

        VaultReply reply = await vault.GetAsync("sys/internal/ui/mounts/" + mount);

        reply.AssertError(403, "preflight capability check returned 403");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task UiMounts_WithoutToken_Returns403PermissionDeniedWhetherOrNotMountExists(bool mountExists)
    {
        await using VaultTarget vault = await VaultTarget.StartAsync();
        string path = mountExists ? "secret/app" : VaultTarget.Unique("nomount");

        VaultReply reply = await vault.SendAsync(HttpMethod.Get, "sys/internal/ui/mounts/" + path, null, token: null);

        reply.AssertError(403, "permission denied");
        Assert.DoesNotContain(reply.Errors, e => e.Contains("invalid token", StringComparison.Ordinal) || e.Contains("preflight", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("sys/internal/ui/mounts/secret/app")]
    [InlineData("sys/internal/ui/mounts/nomount-7f3a")]
    [InlineData("sys/internal/ui/mounts")]
    public async Task UiMounts_WithRevokedToken_Returns403PermissionDeniedAndInvalidToken(string path)
    {
        await using VaultTarget vault = await VaultTarget.StartAsync();
        string token = await vault.CreateTokenAsync(new { policies = new[] { "default" }, ttl = "1h" });
        Assert.Equal(204, (await vault.PostAsync("auth/token/revoke", new { token })).Status);

        VaultReply reply = await vault.GetAsync(path, token);

        Assert.Equal(403, reply.Status);
        string errors = string.Join("\n", reply.Errors);
        Assert.Contains("permission denied", errors, StringComparison.Ordinal);
        Assert.Contains("invalid token", errors, StringComparison.Ordinal);
        Assert.DoesNotContain("preflight", errors, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("secret/app", "secret/app/")]
    [InlineData("nomount-7f3a/x", "nomount-7f3a/x/")]
    public async Task UiMounts_ValidTokenWithoutAccess_Returns403PreflightWithoutInvalidToken(string path, string reported)
    {
        await using VaultTarget vault = await VaultTarget.StartAsync();
        string token = await vault.CreateTokenAsync(new { policies = new[] { "default" }, ttl = "1h" });

        VaultReply reply = await vault.GetAsync("sys/internal/ui/mounts/" + path, token);

        reply.AssertError(403, $"preflight capability check returned 403, please ensure client's policies grant access to path \"{reported}\"");
        Assert.DoesNotContain(reply.Errors, e => e.Contains("invalid token", StringComparison.Ordinal));
    }

    [Fact]
    public async Task UiMounts_ListWithoutToken_Returns200()
    {
        await using VaultTarget vault = await VaultTarget.StartAsync();

        VaultReply reply = await vault.SendAsync(HttpMethod.Get, "sys/internal/ui/mounts", null, token: null);

        Assert.Equal(200, reply.Status);
        Assert.NotNull(reply.Data!["secret"]);
    }

    [Fact]
    public async Task Mounts_List_ShowsKvMountsInDataAndTopLevel()
    {
        await using VaultTarget vault = await VaultTarget.StartAsync();

        VaultReply reply = await vault.GetAsync("sys/mounts");

        Assert.Equal(200, reply.Status);
        Assert.Equal("kv", reply.Data!["secret/"]!["type"]!.GetValue<string>());
        Assert.Equal("2", reply.Data!["secret/"]!["options"]!["version"]!.GetValue<string>());
        Assert.Equal("kv", reply.Json!["secret/"]!["type"]!.GetValue<string>());
        Assert.NotNull(reply.Data!["sys/"]);
    }

    [Theory]
    [InlineData("kv", "2")]
    [InlineData("kv-v2", null)]
    [InlineData("kv", "1")]
    [InlineData("kv-v1", null)]
    public async Task Mounts_EnableKv_IsDetectedAndUsable(string type, string? optionVersion)
    {
        await using VaultTarget vault = await VaultTarget.StartAsync();
        string mount = VaultTarget.Unique("kvnew");
        object body = optionVersion is null ? new { type } : new { type, options = new { version = optionVersion } };

        VaultReply enable = await vault.PostAsync("sys/mounts/" + mount, body);
        try
        {
            VaultReply again = await vault.PostAsync("sys/mounts/" + mount, body);
            VaultReply detected = await vault.GetAsync("sys/internal/ui/mounts/" + mount);
            string expectedVersion = type.EndsWith("v1", StringComparison.Ordinal) || optionVersion == "1" ? "1" : "2";
            VaultReply write = expectedVersion == "2"
                ? await vault.PostAsync(mount + "/data/k", new { data = new { a = "1" } })
                : await vault.PostAsync(mount + "/k", new { a = "1" });

            Assert.Equal(204, enable.Status);
            again.AssertError(400, $"path is already in use at {mount}/");
            Assert.Equal(expectedVersion, detected.Data!["options"]!["version"]!.GetValue<string>());
            Assert.Equal(expectedVersion == "2" ? 200 : 204, write.Status);
        }
        finally
        {
            await vault.DeleteAsync("sys/mounts/" + mount);
        }
    }

    [Fact]
    public async Task Mounts_Disable_RemovesMount()
    {
        await using VaultTarget vault = await VaultTarget.StartAsync();
        string mount = VaultTarget.Unique("kvgone");
        await vault.PostAsync("sys/mounts/" + mount, new { type = "kv", options = new { version = "1" } });

        Assert.Equal(204, (await vault.DeleteAsync("sys/mounts/" + mount)).Status);
        VaultReply read = await vault.GetAsync(mount + "/x");

        read.AssertError(404, "no handler for route");
    }

    [Fact]
    public async Task Mounts_UnknownType_Returns400()
    {
        await using VaultTarget vault = await VaultTarget.StartAsync();

        VaultReply reply = await vault.PostAsync("sys/mounts/" + VaultTarget.Unique("bad"), new { type = "no-such-engine" });

        Assert.Equal(400, reply.Status);
    }

    [Fact]
    public async Task Handles_EnableKvMount_IsDetected()
    {
        await using VaultTarget vault = await VaultTarget.StartAsync();
        VaultDevServer server = vault.RequireServer();

        server.EnableKvMount("team", 2);

        Assert.Equal("2", (await vault.GetAsync("sys/internal/ui/mounts/team")).Data!["options"]!["version"]!.GetValue<string>());
        Assert.Throws<ArgumentException>(() => server.EnableKvMount("team", 1));
    }

    [Fact]
    public async Task Options_KvMounts_ControlsDefaultMounts()
    {
        var options = new VaultDevServerOptions();
        options.KvMounts.Clear();
        options.KvMounts["apps"] = 2;
        await using VaultTarget vault = await VaultTarget.StartAsync(options);
        vault.RequireServer();

        Assert.Equal(200, (await vault.GetAsync("sys/internal/ui/mounts/apps")).Status);
        Assert.Equal(404, (await vault.GetAsync("secret/data/x")).Status);
        Assert.Contains((await vault.GetAsync("secret/data/x")).Errors, e => e.Contains("no handler for route", StringComparison.Ordinal));
    }
}
