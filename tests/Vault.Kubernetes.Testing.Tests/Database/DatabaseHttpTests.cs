// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using Microsoft.Extensions.Time.Testing;
using Vault.Kubernetes.Testing.Database;
using Vault.Kubernetes.Testing.Tests.Infrastructure;
using Vault.Kubernetes.Testing.Tests.Leases;
using static Vault.Kubernetes.Testing.Tests.Leases.PluginServer;

namespace Vault.Kubernetes.Testing.Tests.Database;

public sealed class DatabaseHttpTests : IAsyncLifetime
{
    private const string Mount = "db";
    private VaultTarget _vault = null!;
    private FakeTimeProvider _time = null!;
    private VaultDevServerDatabase _database = null!;

    public async ValueTask InitializeAsync()
    {
        (_vault, _time) = await PluginServer.StartAsync();
        _database = _vault.Server!.Database;
        await MountDatabaseAsync(_vault, Mount, "1h", "4h");
    }

    public async ValueTask DisposeAsync() => await _vault.DisposeAsync();

    [Fact]
    public async Task Creds_ReturnsLeasedUniqueCredentials()
    {
        VaultReply first = await _vault.GetAsync(Mount + "/creds/ro");
        VaultReply second = await _vault.GetAsync(Mount + "/creds/ro");

        Assert.Equal(200, first.Status);
        Assert.Matches("^db/creds/ro/[0-9A-Za-z]{24}$", (string?)first.Json!["lease_id"]);
        Assert.True((bool)first.Json!["renewable"]!);
        Assert.Equal(3600, (long)first.Json!["lease_duration"]!);
        Assert.Equal("database", (string?)first.Json!["mount_type"]);
        string user = (string)first.Data!["username"]!;
        string password = (string)first.Data!["password"]!;
        Assert.StartsWith("v-root-ro-", user, StringComparison.Ordinal);
        Assert.NotEqual(user, (string?)second.Data!["username"]);
        Assert.NotEqual((string?)first.Json!["lease_id"], (string?)second.Json!["lease_id"]);
        Assert.True(_database.IsValid(user, password));
        Assert.False(_database.IsValid(user, (string)second.Data!["password"]!));
        Assert.Equal(2, _database.DynamicUserCount);
    }

    [Fact]
    public async Task Creds_MountMaxLeaseTtl_CapsRoleTtl()
    {
        Assert.Equal(204, (await _vault.PostAsync("sys/mounts/" + Mount + "/tune", new { max_lease_ttl = "30m" })).Status);

        VaultReply creds = await _vault.GetAsync(Mount + "/creds/ro");

        Assert.Equal(1800, (long)creds.Json!["lease_duration"]!);
    }

    [Fact]
    public async Task Creds_UnknownRole_400()
    {
        AssertError(await _vault.GetAsync(Mount + "/creds/missing"), 400, "unknown role: missing");
    }

    [Fact]
    public async Task Creds_InvalidOnceLeaseExpires_AndDroppedOnNextRequest()
    {
        VaultReply creds = await _vault.GetAsync(Mount + "/creds/ro");
        string user = (string)creds.Data!["username"]!;
        string password = (string)creds.Data!["password"]!;

        _time.Advance(TimeSpan.FromHours(1));

        Assert.False(_database.IsValid(user, password));
        AssertError(await _vault.PostAsync("sys/leases/lookup", new { lease_id = (string)creds.Json!["lease_id"]! }), 400, "invalid lease");
        Assert.Equal(0, _database.DynamicUserCount);
    }

    [Fact]
    public async Task RevokeSelf_OfOwningToken_RevokesItsCredentials()
    {
        string token = await _vault.CreateTokenAsync(new { policies = new[] { "root" } });
        VaultReply mine = await _vault.GetAsync(Mount + "/creds/ro", token);
        VaultReply others = await _vault.GetAsync(Mount + "/creds/ro");

        Assert.Equal(204, (await _vault.PostAsync("auth/token/revoke-self", null, token)).Status);

        Assert.False(_database.IsValid((string)mine.Data!["username"]!, (string)mine.Data!["password"]!));
        Assert.True(_database.IsValid((string)others.Data!["username"]!, (string)others.Data!["password"]!));
    }

    [Fact]
    public async Task StaticCreds_RotateWhenPeriodElapses()
    {
        Assert.Equal(204, (await _vault.PostAsync(Mount + "/static-roles/app", new { db_name = "pg", username = "app_static", rotation_period = "1h" })).Status);

        VaultReply first = await _vault.GetAsync(Mount + "/static-creds/app");
        Assert.Equal(200, first.Status);
        Assert.Equal("", (string?)first.Json!["lease_id"]);
        Assert.Equal(0, (long)first.Json!["lease_duration"]!);
        Assert.False((bool)first.Json!["renewable"]!);
        Assert.Equal("app_static", (string?)first.Data!["username"]);
        Assert.Equal(3600, (long)first.Data!["rotation_period"]!);
        Assert.Equal(3600, (long)first.Data!["ttl"]!);
        Assert.Equal("2026-01-31T12:00:00Z", (string?)first.Data!["last_vault_rotation"]);
        string oldPassword = (string)first.Data!["password"]!;

        _time.Advance(TimeSpan.FromMinutes(45));
        Assert.Equal(900, (long)(await _vault.GetAsync(Mount + "/static-creds/app")).Data!["ttl"]!);
        Assert.True(_database.IsValid("app_static", oldPassword));

        _time.Advance(TimeSpan.FromMinutes(15));
        Assert.False(_database.IsValid("app_static", oldPassword));
        VaultReply rotated = await _vault.GetAsync(Mount + "/static-creds/app");
        Assert.NotEqual(oldPassword, (string?)rotated.Data!["password"]);
        Assert.Equal("2026-01-31T13:00:00Z", (string?)rotated.Data!["last_vault_rotation"]);
        Assert.True(_database.IsValid("app_static", (string)rotated.Data!["password"]!));

        Assert.Equal(204, (await _vault.PostAsync(Mount + "/rotate-role/app", new { })).Status);
        Assert.False(_database.IsValid("app_static", (string)rotated.Data!["password"]!));
    }

    [Fact]
    public async Task Roles_ReadListDeleteAndValidation()
    {
        VaultReply read = await _vault.GetAsync(Mount + "/roles/ro");
        Assert.Equal(200, read.Status);
        Assert.Equal(3600, (long)read.Data!["default_ttl"]!);
        Assert.Equal(14400, (long)read.Data!["max_ttl"]!);
        Assert.Equal("pg", (string?)read.Data!["db_name"]);

        Assert.Equal(204, (await _vault.PostAsync(Mount + "/static-roles/st", new { db_name = "pg", username = "u1", rotation_period = 86400 })).Status);
        Assert.Equal(["ro"], (await _vault.ListAsync(Mount + "/roles")).Data!["keys"]!.AsArray().Select(k => (string)k!));
        Assert.Equal(["st"], (await _vault.ListAsync(Mount + "/static-roles")).Data!["keys"]!.AsArray().Select(k => (string)k!));
        VaultReply staticRead = await _vault.GetAsync(Mount + "/static-roles/st");
        Assert.Equal("u1", (string?)staticRead.Data!["username"]);
        Assert.Null(staticRead.Data!["password"]);

        AssertError(await _vault.PostAsync(Mount + "/static-roles/bad", new { db_name = "pg", username = "u", rotation_period = "2s" }), 400, "rotation_period must be 5 seconds or more");
        AssertError(await _vault.PostAsync(Mount + "/roles/st", new { db_name = "pg", creation_statements = "x" }), 400, "Role and Static Role names must be unique");
        AssertError(await _vault.PostAsync(Mount + "/roles/bad", new { creation_statements = "x" }), 400, "empty database name attribute");

        Assert.Equal(204, (await _vault.DeleteAsync(Mount + "/roles/ro")).Status);
        VaultReply gone = await _vault.GetAsync(Mount + "/roles/ro");
        Assert.Equal(404, gone.Status);
        Assert.Empty(gone.Errors);
        Assert.Equal(404, (await _vault.ListAsync(Mount + "/roles")).Status);
    }

    [Fact]
    public async Task Config_StoredWithoutPassword_AndAllowedRolesEnforced()
    {
        Assert.Equal(204, (await _vault.PostAsync(Mount + "/config/pg", new
        {
            plugin_name = "postgresql-database-plugin",
            connection_url = "postgresql://{{username}}:{{password}}@db:5432/app",
            username = "vault",
            password = "root-password-value",
            allowed_roles = "other",
        })).Status);

        VaultReply read = await _vault.GetAsync(Mount + "/config/pg");
        Assert.Equal("postgresql-database-plugin", (string?)read.Data!["plugin_name"]);
        Assert.Equal("vault", (string?)read.Data!["connection_details"]!["username"]);
        Assert.Equal(["other"], read.Data!["allowed_roles"]!.AsArray().Select(r => (string)r!));
        Assert.DoesNotContain("root-password-value", read.Body, StringComparison.Ordinal);
        Assert.Equal(["pg"], (await _vault.ListAsync(Mount + "/config")).Data!["keys"]!.AsArray().Select(k => (string)k!));
        AssertError(await _vault.GetAsync(Mount + "/creds/ro"), 500, "\"ro\" is not an allowed role");

        Assert.Equal(204, (await _vault.PostAsync(Mount + "/config/pg", new { allowed_roles = "*" })).Status);
        Assert.Equal(200, (await _vault.GetAsync(Mount + "/creds/ro")).Status);
        AssertError(await _vault.PostAsync(Mount + "/config/x", new { connection_url = "u" }), 400, "empty plugin name");
        Assert.Equal(204, (await _vault.DeleteAsync(Mount + "/config/pg")).Status);
        Assert.Equal(404, (await _vault.GetAsync(Mount + "/config/pg")).Status);
    }

    [Fact]
    public async Task Handles_SeedRolesWithoutHttp()
    {
        _database.EnableEngine();
        _database.WriteRole("app", new Dictionary<string, object?> { ["db_name"] = "pg", ["creation_statements"] = "CREATE ROLE x", ["default_ttl"] = 300 });
        _database.WriteStaticRole("svc", new Dictionary<string, object?> { ["db_name"] = "pg", ["username"] = "svc_user", ["rotation_period"] = "10m" });

        VaultReply creds = await _vault.GetAsync("database/creds/app");
        VaultReply staticCreds = await _vault.GetAsync("database/static-creds/svc");

        Assert.Equal(300, (long)creds.Json!["lease_duration"]!);
        Assert.True(_database.IsValid((string)creds.Data!["username"]!, (string)creds.Data!["password"]!));
        Assert.True(_database.IsValid("svc_user", (string)staticCreds.Data!["password"]!));
        Assert.Throws<ArgumentException>(() => _database.WriteRole("x", new Dictionary<string, object?>()));
        Assert.Throws<ArgumentException>(() => _database.WriteRole("x", new Dictionary<string, object?>(), mountPath: "secret"));
    }
}
