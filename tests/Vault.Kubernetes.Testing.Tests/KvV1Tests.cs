// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using Vault.Kubernetes.Testing.Tests.Infrastructure;

namespace Vault.Kubernetes.Testing.Tests;

public sealed class KvV1Tests
{
    [Fact]
    public async Task Read_AdvertisesMountDefaultLeaseDuration()
    {
        await using VaultTarget vault = await VaultTarget.StartAsync();
        string key = VaultTarget.Unique("v1");
        await vault.PostAsync("kv/" + key, new { password = "p" });

        VaultReply read = await vault.GetAsync("kv/" + key);

        Assert.Equal(200, read.Status);
        Assert.Equal("p", read.Data!["password"]!.GetValue<string>());
        Assert.Equal(2764800, read.Json!["lease_duration"]!.GetValue<long>());
        Assert.False(read.Json!["renewable"]!.GetValue<bool>());
        Assert.Equal(string.Empty, read.Json!["lease_id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Read_WithTtlField_AdvertisesThatTtl()
    {
        await using VaultTarget vault = await VaultTarget.StartAsync();
        string key = VaultTarget.Unique("v1");
        await vault.PostAsync("kv/" + key, new { password = "p", ttl = "1h" });

        VaultReply read = await vault.GetAsync("kv/" + key);

        Assert.Equal(3600, read.Json!["lease_duration"]!.GetValue<long>());
    }

    [Fact]
    public async Task List_ReturnsKeysAndFolders()
    {
        await using VaultTarget vault = await VaultTarget.StartAsync();
        string root = VaultTarget.Unique("v1");
        await vault.PostAsync($"kv/{root}/a", new { x = "1" });
        await vault.PostAsync($"kv/{root}/dir/b", new { x = "1" });

        VaultReply list = await vault.GetAsync($"kv/{root}?list=true");

        Assert.Equal(200, list.Status);
        Assert.Equal(["a", "dir/"], list.Data!["keys"]!.AsArray().Select(k => k!.GetValue<string>()));
    }

    [Fact]
    public async Task Delete_Returns204ThenReadIs404()
    {
        await using VaultTarget vault = await VaultTarget.StartAsync();
        string key = VaultTarget.Unique("v1");
        await vault.PostAsync("kv/" + key, new { x = "1" });

        VaultReply delete = await vault.DeleteAsync("kv/" + key);
        VaultReply read = await vault.GetAsync("kv/" + key);

        Assert.Equal(204, delete.Status);
        Assert.Equal(404, read.Status);
        Assert.Empty(read.Errors);
    }

    [Fact]
    public async Task Write_ReplacesWholeMap()
    {
        await using VaultTarget vault = await VaultTarget.StartAsync();
        string key = VaultTarget.Unique("v1");
        await vault.PostAsync("kv/" + key, new { a = "1", b = "2" });
        await vault.PostAsync("kv/" + key, new { c = "3" });

        VaultReply read = await vault.GetAsync("kv/" + key);

        Assert.Equal(["c"], read.Data!.AsObject().Select(p => p.Key));
    }

    [Fact]
    public async Task Handles_WriteKvSecretOnV1_ReturnsZeroAndIsReadable()
    {
        await using VaultTarget vault = await VaultTarget.StartAsync();
        VaultDevServer server = vault.RequireServer();

        int version = server.WriteKvSecret("kv", "seeded", new Dictionary<string, object?> { ["a"] = "1" });

        Assert.Equal(0, version);
        Assert.Equal("1", (await vault.GetAsync("kv/seeded")).Data!["a"]!.GetValue<string>());
    }
}
