// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using Vault.Kubernetes.Testing.Tests.Infrastructure;

namespace Vault.Kubernetes.Testing.Tests;

public sealed class CubbyholeAndCapabilitiesTests
{
    [Fact]
    public async Task Cubbyhole_IsPrivateToEachToken()
    {
        await using VaultTarget vault = await VaultTarget.StartAsync();
        string alice = await vault.CreateTokenAsync(new { policies = new[] { "default" }, ttl = "1h" });
        string bob = await vault.CreateTokenAsync(new { policies = new[] { "default" }, ttl = "1h" });

        VaultReply write = await vault.PostAsync("cubbyhole/note", new { text = "hi" }, alice);
        VaultReply own = await vault.GetAsync("cubbyhole/note", alice);
        VaultReply other = await vault.GetAsync("cubbyhole/note", bob);

        Assert.Equal(204, write.Status);
        Assert.Equal("hi", own.Data!["text"]!.GetValue<string>());
        Assert.Equal(0, own.Json!["lease_duration"]!.GetValue<long>());
        Assert.Equal(404, other.Status);
    }

    [Fact]
    public async Task Cubbyhole_ListAndDelete()
    {
        await using VaultTarget vault = await VaultTarget.StartAsync();
        string token = await vault.CreateTokenAsync(new { policies = new[] { "default" }, ttl = "1h" });
        await vault.PostAsync("cubbyhole/a", new { x = "1" }, token);
        await vault.PostAsync("cubbyhole/dir/b", new { x = "1" }, token);

        VaultReply list = await vault.ListAsync("cubbyhole/", token);
        VaultReply delete = await vault.DeleteAsync("cubbyhole/a", token);

        Assert.Equal(["a", "dir/"], list.Data!["keys"]!.AsArray().Select(k => k!.GetValue<string>()));
        Assert.Equal(204, delete.Status);
        Assert.Equal(404, (await vault.GetAsync("cubbyhole/a", token)).Status);
    }

    [Fact]
    public async Task CapabilitiesSelf_ReportsPolicyCapabilities()
    {
        await using VaultTarget vault = await VaultTarget.StartAsync();
        string policy = VaultTarget.Unique("caps");
        string app = VaultTarget.Unique("app");
        await vault.CreatePolicyAsync(policy, $$"""path "secret/data/{{app}}/*" { capabilities = ["read", "list"] }""");
        string token = await vault.CreateTokenAsync(new { policies = new[] { policy }, ttl = "1h" });

        VaultReply reply = await vault.PostAsync("sys/capabilities-self", new { paths = new[] { $"secret/data/{app}/x", "kv/other" } }, token);
        VaultReply single = await vault.PostAsync("sys/capabilities-self", new { paths = new[] { "kv/other" } });

        Assert.Equal(200, reply.Status);
        Assert.Equal(["list", "read"], reply.Data![$"secret/data/{app}/x"]!.AsArray().Select(c => c!.GetValue<string>()).Order(StringComparer.Ordinal));
        Assert.Equal(["deny"], reply.Data!["kv/other"]!.AsArray().Select(c => c!.GetValue<string>()));
        Assert.Equal(["root"], single.Data!["capabilities"]!.AsArray().Select(c => c!.GetValue<string>()));
    }
}
