// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Vault.Kubernetes.Core.Tests.Http;
using Vault.Kubernetes.Http;
using Vault.Kubernetes.Secrets;

namespace Vault.Kubernetes.Core.Tests.Secrets;

public sealed class VaultClientKvTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static VaultClient Create(FakeVaultHandler handler, TimeProvider? time = null) =>
        TestClients.Create(handler, new FakeTokenProvider("hvs.t"), timeProvider: time);

    [Fact]
    public async Task ReadKvV2Async_Current_ReturnsDataAndMetadata()
    {
        var handler = new FakeVaultHandler().Respond(HttpStatusCode.OK, VaultJson.KvV2());
        using VaultClient client = Create(handler);

        KvSecret secret = await client.ReadKvV2Async("secret", "app", cancellationToken: Ct);

        Assert.Equal("/v1/secret/data/app", Assert.Single(handler.RequestList).PathAndQuery);
        Assert.Equal(KvSecretStatus.Found, secret.Status);
        Assert.True(secret.Exists);
        Assert.Equal(2, secret.EngineVersion);
        Assert.Equal("svc", secret.Data["username"].GetString());
        Assert.Equal(VaultJson.SecretValue, secret.Data["password"].GetString());
        Assert.Equal(5432, secret.Data["port"].GetInt32());
        Assert.True(secret.Data["nested"].GetProperty("a").GetBoolean());
        Assert.Equal(4, secret.Version);
        Assert.Equal(new DateTimeOffset(2025, 3, 1, 10, 0, 0, TimeSpan.Zero).AddTicks(1234567), secret.CreatedTime);
        Assert.Null(secret.DeletionTime);
        Assert.False(secret.Destroyed);
        Assert.Equal("team-a", secret.CustomMetadata["owner"]);
        Assert.Equal("req-kv2", secret.RequestId);
        Assert.Equal("secret", secret.Mount);
        Assert.Equal("app", secret.Path);
    }

    [Fact]
    public async Task ReadKvV2Async_Version_SendsVersionQuery()
    {
        var handler = new FakeVaultHandler().Respond(HttpStatusCode.OK, VaultJson.KvV2(version: 2));
        using VaultClient client = Create(handler);

        KvSecret secret = await client.ReadKvV2Async("secret/", "team/app", version: 2, cancellationToken: Ct);

        Assert.Equal("/v1/secret/data/team/app?version=2", Assert.Single(handler.RequestList).PathAndQuery);
        Assert.Equal(2, secret.Version);
    }

    [Fact]
    public async Task ReadKvV2Async_404EmptyErrors_NotFound()
    {
        var handler = new FakeVaultHandler().Respond(HttpStatusCode.NotFound, VaultJson.EmptyErrors);
        using VaultClient client = Create(handler);

        KvSecret secret = await client.ReadKvV2Async("secret", "missing", cancellationToken: Ct);

        Assert.Equal(KvSecretStatus.NotFound, secret.Status);
        Assert.False(secret.Exists);
        Assert.Empty(secret.Data);
        Assert.Null(secret.Version);
    }

    [Fact]
    public async Task ReadKvV2Async_404EnvelopeSoftDeleted_Deleted()
    {
        var handler = new FakeVaultHandler().Respond(HttpStatusCode.NotFound, VaultJson.KvV2(version: 3, deletionTime: "2025-03-02T08:00:00Z", withData: false));
        using VaultClient client = Create(handler);

        KvSecret secret = await client.ReadKvV2Async("secret", "app", cancellationToken: Ct);

        Assert.Equal(KvSecretStatus.Deleted, secret.Status);
        Assert.False(secret.Exists);
        Assert.Empty(secret.Data);
        Assert.Equal(3, secret.Version);
        Assert.Equal(new DateTimeOffset(2025, 3, 2, 8, 0, 0, TimeSpan.Zero), secret.DeletionTime);
        Assert.False(secret.Destroyed);
    }

    [Fact]
    public async Task ReadKvV2Async_404EnvelopeDestroyed_Destroyed()
    {
        var handler = new FakeVaultHandler().Respond(HttpStatusCode.NotFound, VaultJson.KvV2(version: 3, destroyed: true, withData: false));
        using VaultClient client = Create(handler);

        KvSecret secret = await client.ReadKvV2Async("secret", "app", cancellationToken: Ct);

        Assert.Equal(KvSecretStatus.Destroyed, secret.Status);
        Assert.True(secret.Destroyed);
        Assert.Empty(secret.Data);
    }

    [Fact]
    public async Task ReadKvV2Async_200WithPastDeletionTime_Deleted()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2025, 3, 3, 0, 0, 0, TimeSpan.Zero));
        var handler = new FakeVaultHandler().Respond(HttpStatusCode.OK, VaultJson.KvV2(deletionTime: "2025-03-02T08:00:00Z"));
        using VaultClient client = Create(handler, time);

        KvSecret secret = await client.ReadKvV2Async("secret", "app", cancellationToken: Ct);

        Assert.Equal(KvSecretStatus.Deleted, secret.Status);
        Assert.Empty(secret.Data);
    }

    [Fact]
    public async Task ReadKvV2Async_200WithFutureDeletionTime_Found()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2025, 3, 1, 0, 0, 0, TimeSpan.Zero));
        var handler = new FakeVaultHandler().Respond(HttpStatusCode.OK, VaultJson.KvV2(deletionTime: "2025-03-02T08:00:00Z"));
        using VaultClient client = Create(handler, time);

        KvSecret secret = await client.ReadKvV2Async("secret", "app", cancellationToken: Ct);

        Assert.Equal(KvSecretStatus.Found, secret.Status);
        Assert.Equal(new DateTimeOffset(2025, 3, 2, 8, 0, 0, TimeSpan.Zero), secret.DeletionTime);
    }

    [Fact]
    public async Task ReadKvV2Async_NoMount_ThrowsNoHandler()
    {
        var handler = new FakeVaultHandler().Respond(HttpStatusCode.NotFound, VaultJson.NoHandler);
        using VaultClient client = Create(handler);

        var ex = await Assert.ThrowsAsync<VaultException>(() => client.ReadKvV2Async("nomount", "app", cancellationToken: Ct));

        Assert.True(ex.IsNoHandler);
        Assert.Equal("nomount/data/app", ex.Path);
    }

    [Fact]
    public async Task ReadKvV2Async_PermissionDenied_Throws403()
    {
        var handler = new FakeVaultHandler().Respond(HttpStatusCode.Forbidden, VaultJson.PermissionDeniedMultierror);
        using VaultClient client = Create(handler);

        var ex = await Assert.ThrowsAsync<VaultException>(() => client.ReadKvV2Async("secret", "app", cancellationToken: Ct));

        Assert.True(ex.IsPermissionDenied);
        Assert.False(ex.IsNoHandler);
    }

    [Fact]
    public async Task ReadKvV2Async_InvalidPathWarning_NotFoundWithWarning()
    {
        var handler = new FakeVaultHandler().Respond(HttpStatusCode.NotFound, """
            {"request_id":"r","lease_id":"","renewable":false,"lease_duration":0,"data":null,"wrap_info":null,
             "warnings":["Invalid path for a versioned K/V secrets engine. See the API docs for the appropriate API endpoints to use. If using the Vault CLI, use 'vault kv get' for this operation."],"auth":null,"mount_type":"kv"}
            """);
        using VaultClient client = Create(handler);

        KvSecret secret = await client.ReadKvV2Async("secret", "app", cancellationToken: Ct);

        Assert.Equal(KvSecretStatus.NotFound, secret.Status);
        Assert.Single(secret.Warnings);
    }

    [Fact]
    public async Task ReadKvV2Async_NegativeVersion_Throws()
    {
        using VaultClient client = Create(new FakeVaultHandler());

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => client.ReadKvV2Async("secret", "app", -1, Ct));
    }

    [Fact]
    public async Task ReadKvV2MetadataAsync_ParsesVersions()
    {
        var handler = new FakeVaultHandler().Respond(HttpStatusCode.OK, """
            {"request_id":"r","lease_id":"","renewable":false,"lease_duration":0,
             "data":{"cas_required":true,"created_time":"2025-03-01T10:00:00.5Z","current_version":4,"oldest_version":1,
                     "max_versions":0,"delete_version_after":"3h25m19s","updated_time":"2025-03-04T10:00:00Z",
                     "custom_metadata":{"owner":"team-a"},"last_updated_by":{"actor":"x"},
                     "versions":{"1":{"created_time":"2025-03-01T10:00:00Z","deletion_time":"","destroyed":false,"created_by":{}},
                                 "4":{"created_time":"2025-03-04T10:00:00Z","deletion_time":"2025-03-05T10:00:00Z","destroyed":true}}},
             "wrap_info":null,"warnings":null,"auth":null,"mount_type":"kv"}
            """);
        using VaultClient client = Create(handler);

        KvMetadata? metadata = await client.ReadKvV2MetadataAsync("secret", "app", Ct);

        Assert.Equal("/v1/secret/metadata/app", Assert.Single(handler.RequestList).PathAndQuery);
        Assert.NotNull(metadata);
        Assert.True(metadata.CasRequired);
        Assert.Equal(4, metadata.CurrentVersion);
        Assert.Equal(1, metadata.OldestVersion);
        Assert.Equal("3h25m19s", metadata.DeleteVersionAfter);
        Assert.Equal("team-a", metadata.CustomMetadata["owner"]);
        Assert.Equal([1, 4], metadata.Versions.Keys.Order());
        Assert.True(metadata.Versions[4].Destroyed);
        Assert.Equal(new DateTimeOffset(2025, 3, 5, 10, 0, 0, TimeSpan.Zero), metadata.Versions[4].DeletionTime);
        Assert.Null(metadata.Versions[1].DeletionTime);
    }

    [Fact]
    public async Task ReadKvV2MetadataAsync_Missing_Null()
    {
        var handler = new FakeVaultHandler().Respond(HttpStatusCode.NotFound, VaultJson.EmptyErrors);
        using VaultClient client = Create(handler);

        Assert.Null(await client.ReadKvV2MetadataAsync("secret", "missing", Ct));
    }

    [Fact]
    public async Task ListKvV2Async_UsesGetListTrueOnMetadata()
    {
        var handler = new FakeVaultHandler().Respond(HttpStatusCode.OK, """{"request_id":"r","data":{"keys":["app","team/"]}}""");
        using VaultClient client = Create(handler);

        IReadOnlyList<string> keys = await client.ListKvV2Async("secret", "", Ct);

        RecordedRequest request = Assert.Single(handler.RequestList);
        Assert.Equal(HttpMethod.Get, request.Method);
        Assert.Equal("/v1/secret/metadata?list=true", request.PathAndQuery);
        Assert.Equal(["app", "team/"], keys);
    }

    [Fact]
    public async Task ListKvV2Async_Empty404_EmptyList()
    {
        var handler = new FakeVaultHandler().Respond(HttpStatusCode.NotFound, VaultJson.EmptyErrors);
        using VaultClient client = Create(handler);

        Assert.Empty(await client.ListKvV2Async("secret", "nothing/", Ct));
        Assert.Equal("/v1/secret/metadata/nothing?list=true", Assert.Single(handler.RequestList).PathAndQuery);
    }

    [Fact]
    public async Task WriteKvV2Async_WithCas_SendsOptionsAndData()
    {
        var handler = new FakeVaultHandler().Respond(HttpStatusCode.OK, """
            {"request_id":"r","data":{"created_time":"2025-03-01T10:00:00Z","custom_metadata":null,"deletion_time":"","destroyed":false,"version":5}}
            """);
        using VaultClient client = Create(handler);
        var data = new Dictionary<string, JsonElement> { ["k"] = JsonDocument.Parse("\"v\"").RootElement, ["n"] = JsonDocument.Parse("1").RootElement };

        KvVersionInfo version = await client.WriteKvV2Async("secret", "app", data, cas: 4, Ct);

        RecordedRequest request = Assert.Single(handler.RequestList);
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal("/v1/secret/data/app", request.PathAndQuery);
        Assert.Equal("""{"options":{"cas":4},"data":{"k":"v","n":1}}""", request.Body);
        Assert.Equal(5, version.Version);
        Assert.Null(version.DeletionTime);
        Assert.Empty(version.CustomMetadata);
    }

    [Fact]
    public async Task WriteKvV2Async_NoCas_OmitsOptions()
    {
        var handler = new FakeVaultHandler().Respond(HttpStatusCode.OK, """{"data":{"version":1}}""");
        using VaultClient client = Create(handler);

        await client.WriteKvV2Async("secret", "app", new Dictionary<string, JsonElement>(), cancellationToken: Ct);

        Assert.Equal("""{"data":{}}""", Assert.Single(handler.RequestList).Body);
    }

    [Fact]
    public async Task WriteKvV2Async_CasMismatch_Throws400()
    {
        var handler = new FakeVaultHandler().Respond(HttpStatusCode.BadRequest, """{"errors":["check-and-set parameter did not match the current version"]}""");
        using VaultClient client = Create(handler);

        var ex = await Assert.ThrowsAsync<VaultException>(() => client.WriteKvV2Async("secret", "app", new Dictionary<string, JsonElement>(), 1, Ct));

        Assert.True(ex.ErrorsContain("check-and-set"));
    }

    [Fact]
    public async Task DeleteKvV2Async_SoftDeletesLatest()
    {
        var handler = new FakeVaultHandler().Respond(HttpStatusCode.NoContent);
        using VaultClient client = Create(handler);

        await client.DeleteKvV2Async("secret", "app", Ct);

        RecordedRequest request = Assert.Single(handler.RequestList);
        Assert.Equal(HttpMethod.Delete, request.Method);
        Assert.Equal("/v1/secret/data/app", request.PathAndQuery);
    }

    [Fact]
    public async Task ReadKvV1Async_Found_ReturnsDataAndLeaseDuration()
    {
        var handler = new FakeVaultHandler().Respond(HttpStatusCode.OK, VaultJson.KvV1);
        using VaultClient client = Create(handler);

        KvSecret secret = await client.ReadKvV1Async("kv", "app", Ct);

        Assert.Equal("/v1/kv/app", Assert.Single(handler.RequestList).PathAndQuery);
        Assert.Equal(KvSecretStatus.Found, secret.Status);
        Assert.Equal(1, secret.EngineVersion);
        Assert.Equal("svc", secret.Data["user"].GetString());
        Assert.Equal(TimeSpan.FromSeconds(2764800), secret.LeaseDuration);
        Assert.Null(secret.Version);
    }

    [Fact]
    public async Task ReadKvV1Async_Missing_NotFound()
    {
        var handler = new FakeVaultHandler().Respond(HttpStatusCode.NotFound, VaultJson.EmptyErrors);
        using VaultClient client = Create(handler);

        Assert.Equal(KvSecretStatus.NotFound, (await client.ReadKvV1Async("kv", "missing", Ct)).Status);
    }

    [Fact]
    public async Task WriteListDeleteKvV1Async_UseExpectedVerbsAndPaths()
    {
        var handler = new FakeVaultHandler()
            .Respond(HttpStatusCode.NoContent)
            .Respond(HttpStatusCode.OK, """{"data":{"keys":["foo","foo/"]}}""")
            .Respond(HttpStatusCode.NoContent);
        using VaultClient client = Create(handler);

        await client.WriteKvV1Async("kv", "app", new Dictionary<string, JsonElement> { ["a"] = JsonDocument.Parse("\"b\"").RootElement }, Ct);
        IReadOnlyList<string> keys = await client.ListKvV1Async("kv", "", Ct);
        await client.DeleteKvV1Async("kv", "app", Ct);

        List<RecordedRequest> requests = handler.RequestList;
        Assert.Equal((HttpMethod.Post, "/v1/kv/app", """{"a":"b"}"""), (requests[0].Method, requests[0].PathAndQuery, requests[0].Body));
        Assert.Equal((HttpMethod.Get, "/v1/kv?list=true"), (requests[1].Method, requests[1].PathAndQuery));
        Assert.Equal((HttpMethod.Delete, "/v1/kv/app"), (requests[2].Method, requests[2].PathAndQuery));
        Assert.Equal(["foo", "foo/"], keys);
    }

    [Theory]
    [InlineData("""{"data":{"type":"kv","path":"secret/","options":{"version":"2"}}}""", "secret", 2)]
    [InlineData("""{"data":{"type":"kv","path":"kv/","options":{"version":"1"}}}""", "kv", 1)]
    [InlineData("""{"data":{"type":"kv","path":"kv/","options":null}}""", "kv", 1)]
    [InlineData("""{"data":{"type":"kv","path":"kv/","options":{}}}""", "kv", 1)]
    [InlineData("""{"data":{"type":"generic","path":"gen/","options":{"version":"2"}}}""", "gen", 1)]
    public async Task GetKvMountAsync_Options_DetectVersion(string body, string expectedPath, int expectedVersion)
    {
        var handler = new FakeVaultHandler().Respond(HttpStatusCode.OK, body);
        using VaultClient client = Create(handler);

        KvMountInfo mount = await client.GetKvMountAsync("secret/a/b", Ct);

        Assert.Equal("/v1/sys/internal/ui/mounts/secret/a/b", Assert.Single(handler.RequestList).PathAndQuery);
        Assert.Equal(expectedPath, mount.Path);
        Assert.Equal(expectedVersion, mount.EngineVersion);
    }

    [Theory]
    [InlineData(VaultJson.EmptyErrors)]
    [InlineData("""{"errors":["1 error occurred:\n\t* unsupported path\n\n"]}""")]
    public async Task GetKvMountAsync_404_AssumesV1(string body)
    {
        var handler = new FakeVaultHandler().Respond(HttpStatusCode.NotFound, body);
        using VaultClient client = Create(handler);

        KvMountInfo mount = await client.GetKvMountAsync("secret/app", Ct);

        Assert.Equal(1, mount.EngineVersion);
        Assert.Equal(string.Empty, mount.Path);
    }

    [Fact]
    public async Task GetKvMountAsync_Preflight403_Throws()
    {
        var handler = new FakeVaultHandler().Respond(HttpStatusCode.Forbidden,
            """{"errors":["preflight capability check returned 403, please ensure client's policies grant access to path \"nomount/\""]}""");
        using VaultClient client = Create(handler);

        var ex = await Assert.ThrowsAsync<VaultException>(() => client.GetKvMountAsync("nomount/app", Ct));

        Assert.True(ex.ErrorsContain("preflight"));
    }

    [Fact]
    public async Task GetKvMountAsync_ChildNamespace_StripsNamespaceFromMountPath()
    {
        var handler = new FakeVaultHandler().Respond(HttpStatusCode.OK, """{"data":{"type":"kv","path":"team-a/secret/","options":{"version":"2"}}}""");
        using VaultClient client = TestClients.Create(handler, new FakeTokenProvider("hvs.t"), o => o.Namespace = "team-a/");

        KvMountInfo mount = await client.GetKvMountAsync("secret/app", Ct);

        Assert.Equal("secret", mount.Path);
    }

    [Fact]
    public async Task ReadKvAsync_V2Mount_DetectsOnceThenReadsDataPath()
    {
        var handler = new FakeVaultHandler()
            .Respond(HttpStatusCode.OK, """{"data":{"type":"kv","path":"apps/","options":{"version":"2"}}}""")
            .Respond(HttpStatusCode.OK, VaultJson.KvV2())
            .Respond(HttpStatusCode.OK, VaultJson.KvV2(version: 3));
        using VaultClient client = Create(handler);

        KvSecret first = await client.ReadKvAsync("apps/team/db", cancellationToken: Ct);
        KvSecret second = await client.ReadKvAsync("apps/other", version: 3, cancellationToken: Ct);

        Assert.Equal(
            ["/v1/sys/internal/ui/mounts/apps/team/db", "/v1/apps/data/team/db", "/v1/apps/data/other?version=3"],
            handler.RequestList.Select(r => r.PathAndQuery));
        Assert.Equal(("apps", "team/db", 2), (first.Mount, first.Path, first.EngineVersion));
        Assert.Equal(3, second.Version);
    }

    [Fact]
    public async Task ReadKvAsync_V2PathWrittenWithData_ReadsTheSameSecret()
    {
        var handler = new FakeVaultHandler()
            .Respond(HttpStatusCode.OK, """{"data":{"type":"kv","path":"secret/","options":{"version":"2"}}}""")
            .Respond(HttpStatusCode.OK, VaultJson.KvV2());
        using VaultClient client = Create(handler);

        KvSecret secret = await client.ReadKvAsync("secret/data/app", cancellationToken: Ct);

        Assert.Equal("/v1/secret/data/app", handler.RequestList.Last().PathAndQuery);
        Assert.Equal(("secret", "app"), (secret.Mount, secret.Path));
    }

    [Fact]
    public async Task ReadKvAsync_V1Mount_ReadsPlainPath()
    {
        var handler = new FakeVaultHandler()
            .Respond(HttpStatusCode.OK, """{"data":{"type":"kv","path":"kv1/","options":{"version":"1"}}}""")
            .Respond(HttpStatusCode.OK, VaultJson.KvV1);
        using VaultClient client = Create(handler);

        KvSecret secret = await client.ReadKvAsync("kv1/app", cancellationToken: Ct);

        Assert.Equal("/v1/kv1/app", handler.RequestList[1].PathAndQuery);
        Assert.Equal(1, secret.EngineVersion);
        Assert.True(secret.Exists);
    }

    [Fact]
    public void ToString_SecretWithValues_ListsNoValues()
    {
        KvSecret secret = VaultModelFactory.KvSecret(
            "secret", "app", data: new Dictionary<string, JsonElement> { ["password"] = JsonDocument.Parse($"\"{VaultJson.SecretValue}\"").RootElement }, version: 7);

        string text = secret.ToString();

        Assert.DoesNotContain(VaultJson.SecretValue, text, StringComparison.Ordinal);
        Assert.DoesNotContain("password", text, StringComparison.Ordinal);
        Assert.Contains("secret/app", text, StringComparison.Ordinal);
        Assert.Contains("Version = 7", text, StringComparison.Ordinal);
    }

    [Fact]
    public void ModelFactory_NotFoundStatus_DropsData()
    {
        KvSecret secret = VaultModelFactory.KvSecret("secret", "app", KvSecretStatus.Deleted, new Dictionary<string, JsonElement> { ["k"] = default });

        Assert.Empty(secret.Data);
        Assert.False(secret.Exists);
    }
}
