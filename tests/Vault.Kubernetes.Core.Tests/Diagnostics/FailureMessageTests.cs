// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Net;
using Microsoft.Extensions.Time.Testing;
using Vault.Kubernetes.Authentication;
using Vault.Kubernetes.Core.Tests.Authentication;
using Vault.Kubernetes.Core.Tests.Http;
using Vault.Kubernetes.Http;
using Vault.Kubernetes.Secrets;
using Vault.Kubernetes.Sync;

namespace Vault.Kubernetes.Core.Tests.Diagnostics;

/// <summary>Each failure says what happened: a broken answer is not "not found", an expired token is named as expired, and the transient ones are told apart.</summary>
public sealed class FailureMessageTests : IDisposable
{
    private readonly KubeletTokenVolume _volume = new();

    private const string KvV2Mount = """{"data":{"type":"kv","path":"secret/","options":{"version":"2"}}}""";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _volume.Dispose();

    [Theory]
    [InlineData("""{"request_id":"r1","data":{"password":"p"}}""")]
    [InlineData("""{"request_id":"r1","data":"not an object"}""")]
    [InlineData("""{"request_id":"r1"}""")]
    public async Task KvV2Read_SuccessWithoutASecretInIt_IsABrokenAnswerNotNotFound(string body)
    {
        var handler = new FakeVaultHandler().Respond(HttpStatusCode.OK, KvV2Mount).Respond(HttpStatusCode.OK, body);
        using VaultClient client = TestClients.Create(handler, new FakeTokenProvider("hvs.t"));

        VaultException error = await Assert.ThrowsAsync<VaultException>(() => new VaultSecretSource(client).ReadAsync(new SecretSpec("app", "secret/app", SecretSourceKind.KvV2), Ct));

        Assert.IsNotType<VaultSecretNotFoundException>(error);
        Assert.Equal(200, error.StatusCode);
        Assert.Contains("not a KV version 2 secret", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("404", error.Message, StringComparison.Ordinal);
        Assert.False(SyncFailure.IsTransient(error));
    }

    [Fact]
    public async Task KvV1Read_SuccessWithoutData_IsABrokenAnswer()
    {
        var handler = new FakeVaultHandler().Respond(HttpStatusCode.OK, """{"request_id":"r1","data":null}""");
        using VaultClient client = TestClients.Create(handler, new FakeTokenProvider("hvs.t"));

        VaultException error = await Assert.ThrowsAsync<VaultException>(() => client.ReadKvV1Async("kv", "app", Ct));

        Assert.Contains("not a KV version 1 secret", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KvV2Read_404_IsStillNotFound()
    {
        var handler = new FakeVaultHandler().Respond(HttpStatusCode.OK, KvV2Mount).Respond(HttpStatusCode.NotFound, """{"errors":[]}""");
        using VaultClient client = TestClients.Create(handler, new FakeTokenProvider("hvs.t"));

        await Assert.ThrowsAsync<VaultSecretNotFoundException>(() => new VaultSecretSource(client).ReadAsync(new SecretSpec("app", "secret/app", SecretSourceKind.KvV2), Ct));
    }

    [Fact]
    public async Task DynamicRead_SuccessWithoutData_IsABrokenAnswer()
    {
        var handler = new FakeVaultHandler().Respond(HttpStatusCode.OK, """{"request_id":"r1","lease_id":""}""");
        using VaultClient client = TestClients.Create(handler, new FakeTokenProvider("hvs.t"));

        VaultException error = await Assert.ThrowsAsync<VaultException>(() => new VaultSecretSource(client).ReadAsync(new SecretSpec("db", "database/creds/app", SecretSourceKind.Dynamic), Ct));

        Assert.IsNotType<VaultSecretNotFoundException>(error);
        Assert.Contains("database/creds/app", error.Message, StringComparison.Ordinal);
        Assert.Contains("no 'data' object", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KubernetesLogin_403WithAnExpiredToken_SaysTheTokenInTheFileExpiredAndWhen()
    {
        VaultException error = await LoginRefusedAsync(sinceIssued: TimeSpan.FromHours(3));

        Assert.Equal(403, error.StatusCode);
        Assert.Contains($"the file '{_volume.TokenPath}' expired at 2026-01-01T01:00:07", error.Message, StringComparison.Ordinal);
        Assert.Contains("permission denied", error.Message, StringComparison.Ordinal);
        Assert.False(SyncFailure.IsTransient(error));
    }

    [Fact]
    public async Task KubernetesLogin_403WithAValidToken_IsPlainPermissionDenied()
    {
        VaultException error = await LoginRefusedAsync(sinceIssued: TimeSpan.FromMinutes(5));

        Assert.DoesNotContain("expired", error.Message, StringComparison.Ordinal);
        Assert.Contains("permission denied", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void IsTransient_SortsFailuresByWhetherTheyPassByThemselves()
    {
        Assert.True(SyncFailure.IsTransient(new VaultException(503, "secret/data/app", ["Vault is sealed"])));
        Assert.True(SyncFailure.IsTransient(new VaultException(429, "secret/data/app", null)));
        Assert.True(SyncFailure.IsTransient(new HttpRequestException("connection refused")));
        Assert.True(SyncFailure.IsTransient(new VaultAuthenticationException("login failed", new VaultException(502, "auth/kubernetes/login", null))));
        Assert.False(SyncFailure.IsTransient(new VaultAuthenticationException("login failed", new VaultException(403, "auth/kubernetes/login", ["permission denied"]))));
        Assert.False(SyncFailure.IsTransient(new VaultException(404, "secret/data/app", ["no handler for route"])));
        Assert.False(SyncFailure.IsTransient(new VaultSecretNotFoundException("secret/app", "NotFound")));
        Assert.False(SyncFailure.IsTransient(new FileNotFoundException("no token file")));
        Assert.False(SyncFailure.IsTransient(new InvalidOperationException("a bug")));
    }

    /// <summary>Logs in with a projected token (valid for an hour) <paramref name="sinceIssued"/> after it was issued; Vault answers 403.</summary>
    private async Task<VaultException> LoginRefusedAsync(TimeSpan sinceIssued)
    {
        var time = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(TestJwt.IssuedAtSeconds) + sinceIssued);
        _volume.Write(TestJwt.Projected());
        var handler = new FakeVaultHandler().Respond(HttpStatusCode.Forbidden, """{"errors":["permission denied"]}""");
        using VaultClient client = TestClients.Create(handler, timeProvider: time);
        var method = new KubernetesAuthMethod("app", new ProjectedServiceAccountTokenSource(_volume.TokenPath));
        return await Assert.ThrowsAsync<VaultException>(() => method.LoginAsync(client, Ct));
    }
}
