// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Text.Json.Nodes;
using Vault.Kubernetes.Testing.Tests.Infrastructure;

namespace Vault.Kubernetes.Testing.Tests;

public sealed class HealthTests
{
    private static readonly string[] s_healthKeys =
    [
        "initialized", "sealed", "standby", "performance_standby", "replication_performance_mode", "replication_dr_mode",
        "server_time_utc", "version", "cluster_name", "cluster_id",
    ];

    [Fact]
    public async Task Health_Active_Returns200WithDocumentedJsonWithoutToken()
    {
        await using VaultTarget vault = await VaultTarget.StartAsync();

        VaultReply reply = await vault.SendAsync(HttpMethod.Get, "sys/health", null, token: null);

        Assert.Equal(200, reply.Status);
        JsonObject body = reply.Json!.AsObject();
        foreach (string key in s_healthKeys)
        {
            Assert.True(body.ContainsKey(key), $"health is missing {key}");
        }

        Assert.True(body["initialized"]!.GetValue<bool>());
        Assert.False(body["sealed"]!.GetValue<bool>());
        Assert.False(body["standby"]!.GetValue<bool>());
        Assert.False(body.ContainsKey("request_id"));
    }

    [Fact]
    public async Task Health_ActiveCodeOverride_IsHonoured()
    {
        await using VaultTarget vault = await VaultTarget.StartAsync();

        VaultReply reply = await vault.SendAsync(HttpMethod.Get, "sys/health?activecode=299", null, token: null);

        Assert.Equal(299, reply.Status);
    }

    [Fact]
    public async Task Health_Head_ReturnsStatusOnly()
    {
        await using VaultTarget vault = await VaultTarget.StartAsync();

        VaultReply reply = await vault.SendAsync(HttpMethod.Head, "sys/health", null, token: null);

        Assert.Equal(200, reply.Status);
        Assert.Equal(string.Empty, reply.Body);
    }

    [Fact]
    public async Task SealStatus_Unsealed_ReturnsRawJson()
    {
        await using VaultTarget vault = await VaultTarget.StartAsync();

        VaultReply reply = await vault.SendAsync(HttpMethod.Get, "sys/seal-status", null, token: null);

        Assert.Equal(200, reply.Status);
        Assert.False(reply.Json!["sealed"]!.GetValue<bool>());
        Assert.True(reply.Json!["initialized"]!.GetValue<bool>());
        Assert.NotNull(reply.Json!["t"]);
        Assert.NotNull(reply.Json!["n"]);
        Assert.NotNull(reply.Json!["progress"]);
        Assert.NotNull(reply.Json!["type"]);
    }

    [Fact]
    public async Task Leader_Standby_ReportsActiveAddress()
    {
        await using VaultTarget vault = await VaultTarget.StartAsync();
        vault.RequireServer().Faults.RedirectToActive(new Uri("http://127.0.0.1:8200/"));

        VaultReply reply = await vault.SendAsync(HttpMethod.Get, "sys/leader", null, token: null);

        Assert.Equal(200, reply.Status);
        Assert.True(reply.Json!["ha_enabled"]!.GetValue<bool>());
        Assert.False(reply.Json!["is_self"]!.GetValue<bool>());
        Assert.Equal("http://127.0.0.1:8200", reply.Json!["leader_address"]!.GetValue<string>());
    }

    [Fact]
    public async Task Health_Sealed_Returns503AndSealedCodeOverride()
    {
        await using VaultTarget vault = await VaultTarget.StartAsync();
        vault.RequireServer().Faults.Seal();

        VaultReply health = await vault.SendAsync(HttpMethod.Get, "sys/health", null, token: null);
        VaultReply overridden = await vault.SendAsync(HttpMethod.Get, "sys/health?sealedcode=299", null, token: null);
        VaultReply sealStatus = await vault.SendAsync(HttpMethod.Get, "sys/seal-status", null, token: null);

        Assert.Equal(503, health.Status);
        Assert.True(health.Json!["sealed"]!.GetValue<bool>());
        Assert.Equal(299, overridden.Status);
        Assert.Equal(200, sealStatus.Status);
        Assert.True(sealStatus.Json!["sealed"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Health_Standby_Returns429AndHonoursStandbyOverrides()
    {
        await using VaultTarget vault = await VaultTarget.StartAsync();
        vault.RequireServer().Faults.RedirectToActive(new Uri("http://127.0.0.1:1/"));

        VaultReply health = await vault.SendAsync(HttpMethod.Get, "sys/health", null, token: null);
        VaultReply standbyOk = await vault.SendAsync(HttpMethod.Get, "sys/health?standbyok=true", null, token: null);
        VaultReply standbyCode = await vault.SendAsync(HttpMethod.Get, "sys/health?standbycode=299", null, token: null);

        Assert.Equal(429, health.Status);
        Assert.True(health.Json!["standby"]!.GetValue<bool>());
        Assert.Equal(200, standbyOk.Status);
        Assert.Equal(299, standbyCode.Status);
    }
}
