// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Runtime.Versioning;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using Vault.Kubernetes.Authentication;
using Vault.Kubernetes.Core.Tests.Http;
using Vault.Kubernetes.Core.Tests.Secrets;
using Vault.Kubernetes.Http;
using Vault.Kubernetes.Secrets;
using Vault.Kubernetes.Sync;
using Vault.Kubernetes.Testing;

namespace Vault.Kubernetes.Core.Tests.Sync;

/// <summary>The persistent cache hands a token and its leased secrets to the next process: encrypted, its key wrapped in Vault, readable once.</summary>
[UnsupportedOSPlatform("windows")]
public sealed class PersistentSessionCacheTests : IAsyncLifetime
{
    private const string Password = "pw-never-in-the-file";
    private readonly TempDirectory _temp = new();
    private VaultDevServer _server = null!;
    private VaultClient _client = null!;
    private string _token = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string CachePath => _temp.Combine("agent-cache", "cache");

    public async ValueTask InitializeAsync()
    {
        _server = await VaultDevServer.StartAsync(cancellationToken: Ct);
        _token = _server.CreateToken(["default"], ttl: TimeSpan.FromHours(1));
        _client = new VaultClient(new VaultClientOptions { Address = _server.Address, MaxRetries = 0 }).WithTokenProvider(new FakeTokenProvider(_token));
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
        _temp.Dispose();
    }

    [Fact]
    public async Task SaveThenLoad_RestoresTokenAndLeasedSecretsOnly_AndDeletesTheFile()
    {
        await SaveAsync();
        byte[] file = await File.ReadAllBytesAsync(CachePath, Ct);

        SessionCacheContent? content = await PersistentSessionCache.LoadAsync(CachePath, _client, Ct);

        Assert.NotNull(content);
        Assert.Equal(_token, content.Token.Reveal());
        SecretSnapshot db = Assert.Single(content.Secrets).Value;
        Assert.Equal("database/creds/app/l1", db.LeaseId);
        Assert.Equal(TimeSpan.FromMinutes(10), db.LeaseDuration);
        Assert.True(db.Renewable);
        Assert.Equal(TestSnapshots.RetrievedAt, db.RetrievedAt);
        Assert.Equal(Password, db.Data["password"].GetString());
        Assert.False(File.Exists(CachePath));
        string text = Encoding.UTF8.GetString(file);
        Assert.DoesNotContain(Password, text, StringComparison.Ordinal);
        Assert.DoesNotContain(_token, text, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, content.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Save_WritesTheFileOwnerOnly()
    {
        await SaveAsync();

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(CachePath));
    }

    [Fact]
    public async Task Load_NoFile_ReturnsNull()
    {
        Assert.Null(await PersistentSessionCache.LoadAsync(CachePath, _client, Ct));
    }

    [Fact]
    public async Task Load_SomeoneUnwrappedFirst_RefusesAndSaysSo()
    {
        await SaveAsync();
        string copy = _temp.Combine("copy");
        File.Copy(CachePath, copy);
        Assert.NotNull(await PersistentSessionCache.LoadAsync(copy, _client, Ct));

        var ex = await Assert.ThrowsAsync<InvalidDataException>(() => PersistentSessionCache.LoadAsync(CachePath, _client, Ct));

        Assert.Contains("already unwrapped", ex.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(CachePath));
    }

    [Fact]
    public async Task Load_AlteredCiphertext_Refuses()
    {
        await SaveAsync();
        string json = await File.ReadAllTextAsync(CachePath, Ct);
        int at = json.IndexOf("\"ciphertext\":\"", StringComparison.Ordinal) + "\"ciphertext\":\"".Length;
        string altered = json[..at] + (json[at] == 'A' ? 'B' : 'A') + json[(at + 1)..];
        await File.WriteAllTextAsync(CachePath, altered, Ct);

        var ex = await Assert.ThrowsAsync<InvalidDataException>(() => PersistentSessionCache.LoadAsync(CachePath, _client, Ct));

        Assert.Contains("altered", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Load_NotACacheFile_RefusesWithoutCallingVault()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(CachePath)!);
        await File.WriteAllTextAsync(CachePath, "{\"version\":7}", Ct);
        _server.ClearRequestLog();

        var ex = await Assert.ThrowsAsync<InvalidDataException>(() => PersistentSessionCache.LoadAsync(CachePath, _client, Ct));

        Assert.Equal("the session cache is not a version 1 cache file", ex.Message);
        Assert.Empty(_server.RequestLog);
    }

    [Fact]
    public async Task ResumedToken_ValidToken_IsUsedWithoutLogin_RevokedToken_FallsBackToLogin()
    {
        var inner = new CountingAuthMethod();
        var resumed = new ResumedTokenAuthMethod(inner, new SecretString(_token));

        VaultAuthInfo first = await resumed.LoginAsync(_client, Ct);
        VaultAuthInfo second = await resumed.LoginAsync(_client, Ct);

        Assert.True(resumed.Resumed);
        Assert.Equal(_token, first.ClientToken.Reveal());
        Assert.True(first.LeaseDuration > TimeSpan.FromMinutes(59));
        Assert.Equal("fresh", second.ClientToken.Reveal());
        Assert.Equal(1, inner.Logins);

        _server.RevokeToken(_token);
        var revoked = new ResumedTokenAuthMethod(inner, new SecretString(_token));
        Assert.Equal("fresh", (await revoked.LoginAsync(_client, Ct)).ClientToken.Reveal());
        Assert.False(revoked.Resumed);
    }

    [Fact]
    public async Task ResumedToken_KnownOnlyAfterTheMethodExists_IsReadOnceAtTheFirstLogin_NoneMeansLogin()
    {
        // The agent opens its session (and uses its client to unwrap the cache) before it knows the token to resume.
        var inner = new CountingAuthMethod();
        SecretString? known = null;
        int reads = 0;
        var resumed = new ResumedTokenAuthMethod(inner, () => { reads++; return known; });
        known = new SecretString(_token);

        Assert.Equal(_token, (await resumed.LoginAsync(_client, Ct)).ClientToken.Reveal());
        Assert.Equal("fresh", (await resumed.LoginAsync(_client, Ct)).ClientToken.Reveal());
        Assert.Equal(1, reads);
        Assert.True(resumed.Resumed);

        var nothing = new ResumedTokenAuthMethod(inner, () => null);
        Assert.Equal("fresh", (await nothing.LoginAsync(_client, Ct)).ClientToken.Reveal());
        Assert.False(nothing.Resumed);
    }

    [Fact]
    public async Task RestoredSource_AnswersEachLeasedSecretOnceWhileItsLeaseHasTimeLeft()
    {
        var time = new FakeTimeProvider(TestSnapshots.RetrievedAt + TimeSpan.FromMinutes(1));
        var inner = new FakeVaultSecretSource(time);
        inner.DefineRole("database/creds/app", TimeSpan.FromMinutes(10), TimeSpan.FromHours(1));
        inner.PutKv1("secret/app", new Dictionary<string, string> { ["k"] = "fresh" });
        SecretSnapshot leased = Leased();
        SecretSnapshot nearlyExpired = new(leased.Data, TestSnapshots.RetrievedAt - TimeSpan.FromMinutes(9.9)) { LeaseId = "database/creds/other/l2", LeaseDuration = TimeSpan.FromMinutes(10) };
        var source = new RestoredSecretSource(inner, new Dictionary<string, SecretSnapshot>
        {
            ["database/creds/app"] = leased,
            ["database/creds/other"] = nearlyExpired,
            ["secret/app"] = TestSnapshots.FromJson("""{"k":"stale"}"""),
        }, time);
        inner.DefineRole("database/creds/other", TimeSpan.FromMinutes(10), TimeSpan.FromHours(1));

        SecretSnapshot first = await source.ReadAsync(new SecretSpec("database/creds/app", "database/creds/app", SecretSourceKind.Dynamic), Ct);
        SecretSnapshot again = await source.ReadAsync(new SecretSpec("database/creds/app", "database/creds/app", SecretSourceKind.Dynamic), Ct);
        SecretSnapshot other = await source.ReadAsync(new SecretSpec("database/creds/other", "database/creds/other", SecretSourceKind.Dynamic), Ct);
        SecretSnapshot kv = await source.ReadAsync(new SecretSpec("secret/app", "secret/app", SecretSourceKind.KvV1), Ct);

        Assert.Same(leased, first);
        Assert.NotSame(leased, again);
        Assert.NotEqual(nearlyExpired.LeaseId, other.LeaseId);
        Assert.Equal("fresh", kv.Data["k"].GetString());
        Assert.Equal(1, source.RestoredReads);
        Assert.Equal(3, inner.Reads);
    }

    private static SecretSnapshot Leased()
    {
        SecretSnapshot data = TestSnapshots.FromJson($$"""{"username":"v-app","password":"{{Password}}"}""");
        return new SecretSnapshot(data.Data, TestSnapshots.RetrievedAt) { LeaseId = "database/creds/app/l1", LeaseDuration = TimeSpan.FromMinutes(10), Renewable = true };
    }

    private Task SaveAsync() => PersistentSessionCache.SaveAsync(
        CachePath,
        _client,
        new SecretString(_token),
        new Dictionary<string, SecretSnapshot> { ["database/creds/app"] = Leased(), ["secret/app"] = TestSnapshots.FromJson("""{"k":"kv-not-kept"}""") },
        TimeSpan.FromMinutes(5),
        Ct);

    private sealed class CountingAuthMethod : IVaultAuthMethod
    {
        public int Logins;

        public string MountPath => "kubernetes";

        public string? Role => "app";

        public Task<VaultAuthInfo> LoginAsync(VaultClient client, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref Logins);
            return Task.FromResult(VaultModelFactory.VaultAuthInfo(new SecretString("fresh"), TimeSpan.FromHours(1)));
        }
    }
}
