// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using Microsoft.Extensions.Time.Testing;
using Vault.Kubernetes.Testing.Tests.Infrastructure;

namespace Vault.Kubernetes.Testing.Tests.Leases;

/// <summary>An in-process dev server on a fake clock, with helpers to mount a database role (plug-in conformance tests).</summary>
/// <remarks>These tests drive the clock and the cluster's token issuer, so they skip against a real Vault.</remarks>
internal static class PluginServer
{
    public static readonly DateTimeOffset Start = new(2026, 1, 31, 12, 0, 0, TimeSpan.Zero);

    public static async Task<(VaultTarget Vault, FakeTimeProvider Time)> StartAsync()
    {
        var time = new FakeTimeProvider(Start);
        VaultTarget vault = await VaultTarget.StartAsync(new VaultDevServerOptions { TimeProvider = time });
        vault.RequireServer();
        return (vault, time);
    }

    /// <summary>Mounts a database engine at <paramref name="mount"/> over HTTP and writes role "ro" with the given TTLs.</summary>
    public static async Task MountDatabaseAsync(VaultTarget vault, string mount, object defaultTtl, object maxTtl)
    {
        Assert.Equal(204, (await vault.PostAsync("sys/mounts/" + mount, new { type = "database" })).Status);
        VaultReply role = await vault.PostAsync(mount + "/roles/ro", new
        {
            db_name = "pg",
            creation_statements = new[] { "CREATE ROLE \"{{name}}\" WITH LOGIN PASSWORD '{{password}}';" },
            default_ttl = defaultTtl,
            max_ttl = maxTtl,
        });
        Assert.Equal(204, role.Status);
    }

    /// <summary>PUT with a JSON body (Vault treats PUT like POST).</summary>
    public static Task<VaultReply> PutAsync(this VaultTarget vault, string path, object? body, string? token = null) =>
        vault.SendAsync(HttpMethod.Put, path, body, token ?? vault.RootToken);

    public static void AssertError(VaultReply reply, int status, string error)
    {
        Assert.Equal(status, reply.Status);
        Assert.Equal([error], reply.Errors);
    }
}
