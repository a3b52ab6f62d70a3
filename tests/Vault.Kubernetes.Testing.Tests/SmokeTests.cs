// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using Vault.Kubernetes.Testing.Tests.Infrastructure;

namespace Vault.Kubernetes.Testing.Tests;

public sealed class SmokeTests
{
    [Fact]
    public async Task Start_Default_ServesKvV2RoundTrip()
    {
        await using VaultTarget vault = await VaultTarget.StartAsync();
        string key = VaultTarget.Unique("smoke");
        VaultReply write = await vault.PostAsync("secret/data/" + key, new { data = new { a = "b" } });
        Assert.Equal(200, write.Status);
        VaultReply read = await vault.GetAsync("secret/data/" + key);
        Assert.Equal(200, read.Status);
        Assert.Equal("b", read.Data!["data"]!["a"]!.GetValue<string>());
    }
}
