// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Net;
using Vault.Kubernetes.Core.Tests.Http;
using Vault.Kubernetes.Http;
using Vault.Kubernetes.Secrets;

namespace Vault.Kubernetes.Core.Tests.Secrets;

/// <summary>What a read hands the engine beyond the data (the KV v2 version and custom metadata), and the refresh's version check, which reads <c>current_version</c> from the metadata answer and nothing else.</summary>
public sealed class VaultSecretSourceTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ReadAsync_KvV2_CarriesVersionAndCustomMetadataFromTheSameAnswer()
    {
        var handler = new FakeVaultHandler().Respond(HttpStatusCode.OK, VaultJson.KvV2Mount).Respond(HttpStatusCode.OK, VaultJson.KvV2());
        using VaultClient client = TestClients.Create(handler, new FakeTokenProvider("hvs.t"));

        SecretSnapshot snapshot = await new VaultSecretSource(client).ReadAsync(new SecretSpec("app", "secret/app"), Ct);

        Assert.Equal(4, snapshot.Version);
        Assert.Equal("team-a", Assert.Single(snapshot.CustomMetadata).Value);
        Assert.Equal(2, handler.RequestList.Count);
    }

    [Fact]
    public async Task ReadAsync_DynamicSecret_HasNoCustomMetadata()
    {
        var handler = new FakeVaultHandler().Respond(HttpStatusCode.OK, """
            {"request_id":"r","lease_id":"database/creds/app/l1","lease_duration":600,"renewable":true,"data":{"username":"u","password":"p"}}
            """);
        using VaultClient client = TestClients.Create(handler, new FakeTokenProvider("hvs.t"));

        SecretSnapshot snapshot = await new VaultSecretSource(client).ReadAsync(new SecretSpec("db", "database/creds/app", SecretSourceKind.Dynamic), Ct);

        Assert.Empty(snapshot.CustomMetadata);
        Assert.Equal("database/creds/app/l1", snapshot.LeaseId);
    }

    [Fact]
    public async Task GetCurrentVersionAsync_MetadataWithManyVersions_ReturnsTheCurrentOne()
    {
        var handler = new FakeVaultHandler().Respond(HttpStatusCode.OK, VaultJson.KvV2Mount).Respond(HttpStatusCode.OK, """
            {"request_id":"r","data":{"current_version":7,"oldest_version":1,"custom_metadata":{"owner":"a"},
             "versions":{"6":{"created_time":"2025-03-01T10:00:00Z","deletion_time":"","destroyed":false},
                         "7":{"created_time":"2025-03-02T10:00:00Z","deletion_time":"","destroyed":false}}}}
            """);
        using VaultClient client = TestClients.Create(handler, new FakeTokenProvider("hvs.t"));

        int? version = await new VaultSecretSource(client).GetCurrentVersionAsync(new SecretSpec("app", "secret/app"), Ct);

        Assert.Equal(7, version);
        Assert.Equal("/v1/secret/metadata/app", handler.RequestList[^1].PathAndQuery);
    }

    [Fact]
    public async Task GetCurrentVersionAsync_NothingStored_ReturnsNull()
    {
        var handler = new FakeVaultHandler().Respond(HttpStatusCode.OK, VaultJson.KvV2Mount).Respond(HttpStatusCode.NotFound, """{"errors":[]}""");
        using VaultClient client = TestClients.Create(handler, new FakeTokenProvider("hvs.t"));

        Assert.Null(await new VaultSecretSource(client).GetCurrentVersionAsync(new SecretSpec("app", "secret/app"), Ct));
    }

    [Fact]
    public async Task GetCurrentVersionAsync_ServerError_Throws()
    {
        var handler = new FakeVaultHandler().Respond(HttpStatusCode.OK, VaultJson.KvV2Mount).Always(HttpStatusCode.InternalServerError, """{"errors":["internal error"]}""");
        using VaultClient client = TestClients.Create(handler, new FakeTokenProvider("hvs.t"));

        VaultException error = await Assert.ThrowsAsync<VaultException>(() => new VaultSecretSource(client).GetCurrentVersionAsync(new SecretSpec("app", "secret/app"), Ct));
        Assert.Equal(500, error.StatusCode);
    }
}
