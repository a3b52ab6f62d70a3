// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Text.Json.Nodes;
using Vault.Kubernetes.Testing.Tests.Infrastructure;

namespace Vault.Kubernetes.Testing.Tests;

public sealed class KvV2Tests
{
    [Fact]
    public async Task Write_ReturnsVersionMetadata()
    {
        await using VaultTarget vault = await VaultTarget.StartAsync();
        string key = VaultTarget.Unique("v2");

        VaultReply first = await vault.PostAsync("secret/data/" + key, new { data = new { a = "1" } });
        VaultReply second = await vault.PostAsync("secret/data/" + key, new { data = new { a = "2" } });

        Assert.Equal(200, first.Status);
        Assert.Equal(1, first.Data!["version"]!.GetValue<int>());
        Assert.Equal(2, second.Data!["version"]!.GetValue<int>());
        Assert.Equal(string.Empty, second.Data!["deletion_time"]!.GetValue<string>());
        Assert.False(second.Data!["destroyed"]!.GetValue<bool>());
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$", second.Data!["created_time"]!.GetValue<string>());
    }

    [Fact]
    public async Task Read_CurrentAndPinnedVersion_ReturnsThatVersion()
    {
        await using VaultTarget vault = await VaultTarget.StartAsync();
        string key = VaultTarget.Unique("v2");
        await vault.PostAsync("secret/data/" + key, new { data = new { a = "1" } });
        await vault.PostAsync("secret/data/" + key, new { data = new { a = "2" } });

        VaultReply current = await vault.GetAsync("secret/data/" + key);
        VaultReply pinned = await vault.GetAsync($"secret/data/{key}?version=1");
        VaultReply never = await vault.GetAsync($"secret/data/{key}?version=7");

        Assert.Equal("2", current.Data!["data"]!["a"]!.GetValue<string>());
        Assert.Equal(2, current.Data!["metadata"]!["version"]!.GetValue<int>());
        Assert.Equal("1", pinned.Data!["data"]!["a"]!.GetValue<string>());
        Assert.Equal(1, pinned.Data!["metadata"]!["version"]!.GetValue<int>());
        Assert.Equal(404, never.Status);
        Assert.Empty(never.Errors);
    }

    [Fact]
    public async Task SoftDelete_Latest_Returns404WithEnvelopeAndDeletionTime()
    {
        await using VaultTarget vault = await VaultTarget.StartAsync();
        string key = VaultTarget.Unique("v2");
        await vault.PostAsync("secret/data/" + key, new { data = new { a = "1" } });

        VaultReply delete = await vault.DeleteAsync("secret/data/" + key);
        VaultReply read = await vault.GetAsync("secret/data/" + key);

        Assert.Equal(204, delete.Status);
        Assert.Equal(404, read.Status);
        JsonObject body = read.Json!.AsObject();
        Assert.False(body.ContainsKey("errors"));
        Assert.True(body.ContainsKey("request_id"));
        Assert.Null(read.Data!["data"]);
        Assert.NotEqual(string.Empty, read.Data!["metadata"]!["deletion_time"]!.GetValue<string>());
        Assert.False(read.Data!["metadata"]!["destroyed"]!.GetValue<bool>());
    }

    [Fact]
    public async Task DeleteVersions_ThenUndelete_RestoresVersion()
    {
        await using VaultTarget vault = await VaultTarget.StartAsync();
        string key = VaultTarget.Unique("v2");
        await vault.PostAsync("secret/data/" + key, new { data = new { a = "1" } });
        await vault.PostAsync("secret/data/" + key, new { data = new { a = "2" } });

        Assert.Equal(204, (await vault.PostAsync("secret/delete/" + key, new { versions = new[] { 1 } })).Status);
        Assert.Equal(404, (await vault.GetAsync($"secret/data/{key}?version=1")).Status);
        Assert.Equal(200, (await vault.GetAsync($"secret/data/{key}?version=2")).Status);
        Assert.Equal(204, (await vault.PostAsync("secret/undelete/" + key, new { versions = new[] { 1 } })).Status);

        VaultReply restored = await vault.GetAsync($"secret/data/{key}?version=1");
        Assert.Equal(200, restored.Status);
        Assert.Equal("1", restored.Data!["data"]!["a"]!.GetValue<string>());
    }

    [Fact]
    public async Task Destroy_Version_IsPermanentAndMarkedDestroyed()
    {
        await using VaultTarget vault = await VaultTarget.StartAsync();
        string key = VaultTarget.Unique("v2");
        await vault.PostAsync("secret/data/" + key, new { data = new { a = "1" } });

        Assert.Equal(204, (await vault.SendAsync(HttpMethod.Put, "secret/destroy/" + key, new { versions = new[] { 1 } })).Status);
        await vault.PostAsync("secret/undelete/" + key, new { versions = new[] { 1 } });
        VaultReply read = await vault.GetAsync("secret/data/" + key);
        VaultReply metadata = await vault.GetAsync("secret/metadata/" + key);

        Assert.Equal(404, read.Status);
        Assert.Null(read.Data!["data"]);
        Assert.True(read.Data!["metadata"]!["destroyed"]!.GetValue<bool>());
        Assert.True(metadata.Data!["versions"]!["1"]!["destroyed"]!.GetValue<bool>());
    }

    [Fact]
    public async Task DeleteVersions_WithoutVersions_Returns400()
    {
        await using VaultTarget vault = await VaultTarget.StartAsync();
        string key = VaultTarget.Unique("v2");
        await vault.PostAsync("secret/data/" + key, new { data = new { a = "1" } });

        VaultReply reply = await vault.PostAsync("secret/delete/" + key, new { });

        Assert.Equal(400, reply.Status);
    }

    [Fact]
    public async Task Write_CasMismatch_Returns400WithVaultText()
    {
        await using VaultTarget vault = await VaultTarget.StartAsync();
        string key = VaultTarget.Unique("cas");

        VaultReply create = await vault.PostAsync("secret/data/" + key, new { options = new { cas = 0 }, data = new { a = "1" } });
        VaultReply again = await vault.PostAsync("secret/data/" + key, new { options = new { cas = 0 }, data = new { a = "2" } });
        VaultReply stale = await vault.PostAsync("secret/data/" + key, new { options = new { cas = 5 }, data = new { a = "2" } });
        VaultReply ok = await vault.PostAsync("secret/data/" + key, new { options = new { cas = 1 }, data = new { a = "2" } });

        Assert.Equal(200, create.Status);
        again.AssertError(400, "check-and-set parameter did not match the current version");
        Assert.Equal(400, stale.Status);
        Assert.Equal(200, ok.Status);
        Assert.Equal(2, ok.Data!["version"]!.GetValue<int>());
    }

    [Fact]
    public async Task Write_CasRequiredOnKey_WithoutCas_Returns400()
    {
        await using VaultTarget vault = await VaultTarget.StartAsync();
        string key = VaultTarget.Unique("cas");
        Assert.Equal(204, (await vault.PostAsync("secret/metadata/" + key, new { cas_required = true })).Status);

        VaultReply reply = await vault.PostAsync("secret/data/" + key, new { data = new { a = "1" } });

        reply.AssertError(400, "check-and-set parameter required for this call");
    }

    [Fact]
    public async Task Write_WithoutData_Returns400NoDataProvided()
    {
        await using VaultTarget vault = await VaultTarget.StartAsync();

        VaultReply reply = await vault.PostAsync("secret/data/" + VaultTarget.Unique("nd"), new { a = "1" });

        reply.AssertError(400, "no data provided");
    }

    [Fact]
    public async Task MaxVersions_TrimsOldestVersions()
    {
        await using VaultTarget vault = await VaultTarget.StartAsync();
        string key = VaultTarget.Unique("max");
        await vault.PostAsync("secret/metadata/" + key, new { max_versions = 2 });
        for (int i = 1; i <= 3; i++)
        {
            await vault.PostAsync("secret/data/" + key, new { data = new { n = i } });
        }

        VaultReply oldest = await vault.GetAsync($"secret/data/{key}?version=1");
        VaultReply metadata = await vault.GetAsync("secret/metadata/" + key);

        Assert.Equal(404, oldest.Status);
        Assert.Empty(oldest.Errors);
        Assert.Equal(3, metadata.Data!["current_version"]!.GetValue<int>());
        Assert.Equal(2, metadata.Data!["oldest_version"]!.GetValue<int>());
        Assert.Equal(2, metadata.Data!["max_versions"]!.GetValue<int>());
        Assert.Equal(["2", "3"], metadata.Data!["versions"]!.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Metadata_MalformedField_Returns400AndLeavesKeyUnchanged()
    {
        await using VaultTarget vault = await VaultTarget.StartAsync();
        string key = VaultTarget.Unique("badmeta");
        await vault.PostAsync("secret/metadata/" + key, new { max_versions = 3 });

        VaultReply bad = await vault.PostAsync("secret/metadata/" + key, new { max_versions = "lots", cas_required = true });
        VaultReply metadata = await vault.GetAsync("secret/metadata/" + key);

        Assert.Equal(400, bad.Status);
        Assert.Equal(3, metadata.Data!["max_versions"]!.GetValue<int>());
        Assert.False(metadata.Data!["cas_required"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Metadata_ReadWriteDelete_RoundTrips()
    {
        await using VaultTarget vault = await VaultTarget.StartAsync();
        string key = VaultTarget.Unique("meta");
        await vault.PostAsync("secret/data/" + key, new { data = new { a = "1" } });

        Assert.Equal(204, (await vault.PostAsync("secret/metadata/" + key, new { custom_metadata = new { owner = "team-a" } })).Status);
        VaultReply metadata = await vault.GetAsync("secret/metadata/" + key);
        VaultReply data = await vault.GetAsync("secret/data/" + key);

        Assert.Equal(200, metadata.Status);
        Assert.Equal("team-a", metadata.Data!["custom_metadata"]!["owner"]!.GetValue<string>());
        Assert.False(metadata.Data!["cas_required"]!.GetValue<bool>());
        Assert.Equal("0s", metadata.Data!["delete_version_after"]!.GetValue<string>());
        Assert.Equal(1, metadata.Data!["current_version"]!.GetValue<int>());
        Assert.Equal("team-a", data.Data!["metadata"]!["custom_metadata"]!["owner"]!.GetValue<string>());

        Assert.Equal(204, (await vault.DeleteAsync("secret/metadata/" + key)).Status);
        VaultReply gone = await vault.GetAsync("secret/data/" + key);
        Assert.Equal(404, gone.Status);
        Assert.Empty(gone.Errors);
        Assert.Equal(404, (await vault.GetAsync("secret/metadata/" + key)).Status);
    }

    [Fact]
    public async Task List_ViaQueryAndVerb_ReturnsChildrenWithFolders()
    {
        await using VaultTarget vault = await VaultTarget.StartAsync();
        string root = VaultTarget.Unique("list");
        await vault.PostAsync($"secret/data/{root}/a", new { data = new { x = "1" } });
        await vault.PostAsync($"secret/data/{root}/sub/b", new { data = new { x = "1" } });

        VaultReply viaQuery = await vault.GetAsync($"secret/metadata/{root}?list=true");
        VaultReply viaVerb = await vault.ListAsync($"secret/metadata/{root}/");

        Assert.Equal(200, viaQuery.Status);
        Assert.Equal(["a", "sub/"], viaQuery.Data!["keys"]!.AsArray().Select(k => k!.GetValue<string>()));
        Assert.Equal(["a", "sub/"], viaVerb.Data!["keys"]!.AsArray().Select(k => k!.GetValue<string>()));
    }

    [Fact]
    public async Task List_Empty_Returns404EmptyErrors()
    {
        await using VaultTarget vault = await VaultTarget.StartAsync();

        VaultReply reply = await vault.ListAsync($"secret/metadata/{VaultTarget.Unique("none")}/");

        Assert.Equal(404, reply.Status);
        Assert.Empty(reply.Errors);
    }

    [Fact]
    public async Task Read_WithoutDataSegment_Returns404InvalidPathWarning()
    {
        await using VaultTarget vault = await VaultTarget.StartAsync();

        VaultReply reply = await vault.GetAsync("secret/" + VaultTarget.Unique("nodata"));

        Assert.Equal(404, reply.Status);
        Assert.Contains(reply.Warnings, w =>
            w.Contains("Invalid path for a versioned K/V secrets engine", StringComparison.Ordinal) &&
            w.Contains("'vault kv get'", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Write_WithoutDataSegment_WarningNamesPut()
    {
        await using VaultTarget vault = await VaultTarget.StartAsync();

        VaultReply reply = await vault.PostAsync("secret/" + VaultTarget.Unique("nodata"), new { a = "1" });

        Assert.Equal(404, reply.Status);
        Assert.Contains(reply.Warnings, w => w.Contains("'vault kv put'", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Patch_MergesIntoNewVersion()
    {
        await using VaultTarget vault = await VaultTarget.StartAsync();
        string key = VaultTarget.Unique("patch");
        await vault.PostAsync("secret/data/" + key, new { data = new { a = "1", b = "2" } });

        VaultReply patch = await vault.SendAsync(HttpMethod.Patch, "secret/data/" + key, """{"data":{"b":null,"c":"3"}}""", vault.RootToken,
            r => r.Content!.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/merge-patch+json"));
        VaultReply read = await vault.GetAsync("secret/data/" + key);

        Assert.Equal(200, patch.Status);
        Assert.Equal(2, patch.Data!["version"]!.GetValue<int>());
        JsonObject data = read.Data!["data"]!.AsObject();
        Assert.Equal(["a", "c"], data.Select(p => p.Key).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Subkeys_ReturnsStructureWithLeavesNulled()
    {
        await using VaultTarget vault = await VaultTarget.StartAsync();
        string key = VaultTarget.Unique("sub");
        await vault.PostAsync("secret/data/" + key, new { data = new { user = "u", db = new { host = "h", port = 5432 } } });

        VaultReply reply = await vault.GetAsync("secret/subkeys/" + key);

        Assert.Equal(200, reply.Status);
        JsonObject subkeys = reply.Data!["subkeys"]!.AsObject();
        Assert.True(subkeys.ContainsKey("user"));
        Assert.Null(subkeys["user"]);
        Assert.True(subkeys["db"]!.AsObject().ContainsKey("port"));
        Assert.Null(subkeys["db"]!["port"]);
        Assert.Equal(1, reply.Data!["metadata"]!["version"]!.GetValue<int>());
    }

    [Fact]
    public async Task Config_OnFreshMount_ControlsMaxVersions()
    {
        await using VaultTarget vault = await VaultTarget.StartAsync();
        await using TemporaryMount mount = await vault.MountAsync(new { type = "kv", options = new { version = "2" } });

        Assert.Equal(204, (await vault.PostAsync(mount.Path + "/config", new { max_versions = 1 })).Status);
        VaultReply config = await vault.GetAsync(mount.Path + "/config");
        Assert.Equal(1, config.Data!["max_versions"]!.GetValue<int>());
        Assert.False(config.Data!["cas_required"]!.GetValue<bool>());

        await vault.PostAsync(mount.Path + "/data/k", new { data = new { n = 1 } });
        await vault.PostAsync(mount.Path + "/data/k", new { data = new { n = 2 } });
        Assert.Equal(404, (await vault.GetAsync(mount.Path + "/data/k?version=1")).Status);
        Assert.Equal(200, (await vault.GetAsync(mount.Path + "/data/k?version=2")).Status);
    }

    [Fact]
    public async Task DeleteVersionAfter_VersionDisappearsWhenTimePasses()
    {
        var clock = Clocks.Fake();
        await using VaultTarget vault = await VaultTarget.StartAsync(new VaultDevServerOptions { TimeProvider = clock });
        vault.RequireServer();
        string key = VaultTarget.Unique("dva");
        await vault.PostAsync("secret/metadata/" + key, new { delete_version_after = "1h" });
        await vault.PostAsync("secret/data/" + key, new { data = new { a = "1" } });

        VaultReply before = await vault.GetAsync("secret/data/" + key);
        clock.Advance(TimeSpan.FromHours(1));
        VaultReply after = await vault.GetAsync("secret/data/" + key);

        Assert.Equal(200, before.Status);
        Assert.Equal("2026-03-01T11:00:00Z", before.Data!["metadata"]!["deletion_time"]!.GetValue<string>());
        Assert.Equal(404, after.Status);
        Assert.Null(after.Data!["data"]);
    }

    [Fact]
    public async Task Timestamps_FollowTheServerClock()
    {
        var clock = Clocks.Fake();
        await using VaultTarget vault = await VaultTarget.StartAsync(new VaultDevServerOptions { TimeProvider = clock });
        vault.RequireServer();

        VaultReply write = await vault.PostAsync("secret/data/clock", new { data = new { a = "1" } });

        Assert.Equal("2026-03-01T10:00:00Z", write.Data!["created_time"]!.GetValue<string>());
    }

    [Fact]
    public async Task Handles_WriteAndReadKvSecret_AreVisibleOverHttp()
    {
        await using VaultTarget vault = await VaultTarget.StartAsync();
        VaultDevServer server = vault.RequireServer();

        int v1 = server.WriteKvSecret("secret", "seeded", new Dictionary<string, object?> { ["a"] = "1" });
        int v2 = server.WriteKvSecret("secret", "seeded", new Dictionary<string, object?> { ["a"] = "2", ["n"] = 5 });
        VaultReply read = await vault.GetAsync("secret/data/seeded");
        await vault.PostAsync("secret/data/fromhttp", new { data = new { z = "9" } });

        Assert.Equal(1, v1);
        Assert.Equal(2, v2);
        Assert.Equal("2", read.Data!["data"]!["a"]!.GetValue<string>());
        Assert.Equal(5, read.Data!["data"]!["n"]!.GetValue<int>());
        Assert.Equal("9", server.ReadKvSecret("secret", "fromhttp")!["z"]!.GetValue<string>());
        Assert.Null(server.ReadKvSecret("secret", "absent"));
    }
}
