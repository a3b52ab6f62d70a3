// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Text;
using System.Text.Json;
using Grpc.Core;
using Vault.Kubernetes.Csi.Protocol;
using Vault.Kubernetes.Csi.Tests.TestSupport;

namespace Vault.Kubernetes.Csi.Tests.Hosting;

/// <summary>Drives the provider over its Unix socket as the driver does, against the Vault dev server.</summary>
public sealed class MountDevServerTests : IAsyncLifetime
{
    private const string Objects = """
        - objectName: api-key
          secretPath: secret/data/app
          secretKey: apiKey
        - objectName: db-user
          secretPath: database/creds/ro
          secretKey: username
        - objectName: db-pass
          secretPath: database/creds/ro
          secretKey: password
          filePermission: 0600
        - objectName: other
          secretPath: /v1/secret/data/other
          secretKey: token
        """;

    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(20);
    private CsiHarness _harness = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _harness = await CsiHarness.StartAsync(Ct);

    public async ValueTask DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task Version_AnswersV1alpha1AndTheRuntimeName()
    {
        VersionResponse response = await _harness.Client.VersionAsync(new VersionRequest { Version = "v1alpha1" }, cancellationToken: Ct);

        Assert.Equal("v1alpha1", response.Version);
        Assert.Equal("vault-csi-provider-dotnet", response.RuntimeName);
    }

    [Fact]
    public void Socket_IsRestrictedToItsOwner()
    {
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, System.IO.File.GetUnixFileMode(_harness.SocketPath));
    }

    [Fact]
    public async Task Mount_KvAndDatabase_ReturnsFilesModesAndOneVersionPerObject()
    {
        MountResponse response = await MountAsync("pod-1");

        Assert.Equal(["api-key", "db-user", "db-pass", "other"], response.Files.Select(f => f.Path));
        Assert.Equal(["api-key", "db-user", "db-pass", "other"], response.ObjectVersion.Select(v => v.Id));
        Assert.All(response.ObjectVersion, v => Assert.False(string.IsNullOrEmpty(v.Version)));
        Assert.Equal("kv-one", Text(response, "api-key"));
        Assert.Equal("kv-two", Text(response, "other"));
        Assert.Equal(420, response.Files.Single(f => f.Path == "api-key").Mode);
        Assert.Equal(384, response.Files.Single(f => f.Path == "db-pass").Mode);
        // Two objects of one dynamic path are one credential: the username and password belong together.
        Assert.True(_harness.Server.Database.IsValid(Text(response, "db-user"), Text(response, "db-pass")));
        Assert.Equal(1, _harness.Count("database/creds/ro"));
    }

    [Fact]
    public async Task RotationPolls_BothForms_ReturnSameCredentialAndVersions_WithoutNewCredentials()
    {
        MountResponse first = await MountAsync("pod-1");
        int logins = _harness.Count("auth/kubernetes/login");

        for (int i = 0; i < 50; i++)
        {
            // Driver <= 1.5: the rotation reconciler sends the versions it holds.
            MountResponse old = await MountAsync("pod-1", [.. first.ObjectVersion]);
            // Driver >= 1.6: kubelet re-publishes with a fresh pod token and no versions.
            MountResponse republish = await MountAsync("pod-1");
            Assert.Equal(first.ObjectVersion, old.ObjectVersion);
            Assert.Equal(first.ObjectVersion, republish.ObjectVersion);
            Assert.Equal(Text(first, "db-pass"), Text(republish, "db-pass"));
        }

        Assert.Equal(1, _harness.Count("database/creds/ro"));
        Assert.Equal(1, _harness.Server.Database.DynamicUserCount);
        Assert.Equal(logins, _harness.Count("auth/kubernetes/login"));
    }

    [Fact]
    public async Task KvChange_NewVersionForThatObjectOnly_AfterTheEngineRechecks()
    {
        MountResponse before = await MountAsync("pod-1");
        _harness.Server.WriteKvSecret("secret", "other", new Dictionary<string, object?> { ["token"] = "kv-three" });

        // The engine re-checks KV on its refresh interval (5 min, jittered); Mount itself serves what is held.
        _harness.Time.Advance(TimeSpan.FromMinutes(7));
        await _harness.Engine.WhenIdleAsync(Ct).WaitAsync(s_wait, Ct);
        MountResponse after = await MountAsync("pod-1", [.. before.ObjectVersion]);

        Assert.Equal("kv-three", Text(after, "other"));
        Assert.NotEqual(Version(before, "other"), Version(after, "other"));
        Assert.Equal(Version(before, "api-key"), Version(after, "api-key"));
        Assert.Equal(Version(before, "db-user"), Version(after, "db-user"));
        Assert.Equal(Version(before, "db-pass"), Version(after, "db-pass"));
        Assert.Equal(1, _harness.Count("database/creds/ro"));
    }

    [Fact]
    public async Task TwoPodsOfOneServiceAccount_ShareOneLogin_AnotherServiceAccountLogsInSeparately()
    {
        await MountAsync("pod-1", serviceAccount: "app");
        await MountAsync("pod-2", serviceAccount: "app");
        Assert.Equal(1, _harness.Count("auth/kubernetes/login"));
        // The dynamic spec is shared within the identity: the second pod gets the held credential.
        Assert.Equal(1, _harness.Count("database/creds/ro"));

        await MountAsync("pod-3", serviceAccount: "worker");

        Assert.Equal(2, _harness.Count("auth/kubernetes/login"));
        Assert.Equal(2, _harness.Count("database/creds/ro"));
    }

    [Theory]
    [InlineData("roleName", null, "roleName")]
    [InlineData("objects", "- objectName: [unclosed", "objects")]
    [InlineData("objects", "- objectName: a\n  secretPath: secret/data/app\n- objectName: a\n  secretPath: secret/data/other", "'a' twice")]
    [InlineData("objects", "- objectName: ../etc/passwd\n  secretPath: secret/data/app", "../etc/passwd")]
    [InlineData("objects", "- objectName: a\n  secretPath: secret/data/app\n  encoding: utf-16", "utf-16")]
    [InlineData("vaultSkipTLSVerify", "maybe", "vaultSkipTLSVerify")]
    [InlineData("audience", "elsewhere", "audience")]
    public async Task BadInput_InvalidArgumentNamingWhatToFix(string key, string? value, string named)
    {
        string attributes = _harness.Attributes("app", "pod-1", Objects, adjust: a =>
        {
            if (value is null)
            {
                a.Remove(key);
            }
            else
            {
                a[key] = value;
            }
        });

        var ex = await Assert.ThrowsAsync<RpcException>(() => _harness.Client.MountAsync(_harness.Request(attributes, "pod-1"), cancellationToken: Ct).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        Assert.Contains(named, ex.Status.Detail, StringComparison.Ordinal);
        // The provider survives: the next good mount is served.
        Assert.Equal(4, (await MountAsync("pod-1")).Files.Count);
    }

    [Fact]
    public async Task MissingPath_FailedPreconditionNamingThePath_AndTheProviderServesOn()
    {
        string attributes = _harness.Attributes("app", "pod-1", "- objectName: gone\n  secretPath: secret/data/missing\n  secretKey: x\n");

        var ex = await Assert.ThrowsAsync<RpcException>(() => _harness.Client.MountAsync(_harness.Request(attributes, "pod-1"), cancellationToken: Ct).ResponseAsync);

        Assert.Equal(StatusCode.FailedPrecondition, ex.StatusCode);
        Assert.Contains("secret/data/missing", ex.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(4, (await MountAsync("pod-2")).Files.Count);
    }

    [Fact]
    public async Task DeniedRole_FailedPrecondition_NoSecretOrTokenInTheAnswer()
    {
        string attributes = _harness.Attributes("intruder", "pod-9", Objects);

        var ex = await Assert.ThrowsAsync<RpcException>(() => _harness.Client.MountAsync(_harness.Request(attributes, "pod-9"), cancellationToken: Ct).ResponseAsync);

        Assert.Equal(StatusCode.FailedPrecondition, ex.StatusCode);
        Assert.DoesNotContain("eyJ", ex.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Logs_NeverHoldSecretValuesOrTokens()
    {
        string token = _harness.Server.Kubernetes.IssueToken("shop", "app", ["vault"]);
        MountResponse response = await _harness.Client.MountAsync(_harness.Request(_harness.Attributes("app", "pod-1", Objects, token: token), "pod-1"), cancellationToken: Ct);
        await Assert.ThrowsAsync<RpcException>(() => _harness.Client.MountAsync(_harness.Request(_harness.Attributes("app", "pod-1", Objects, adjust: a => a["vaultSkipTLSVerify"] = "kv-one", token: token), "pod-1"), cancellationToken: Ct).ResponseAsync);

        string[] secrets = [.. CsiHarness.SecretValues, Text(response, "db-user"), Text(response, "db-pass"), token];
        string logs = string.Join('\n', _harness.Logs.GetSnapshot().Select(r => r.Message + " " + r.Exception));
        Assert.NotEmpty(logs);
        foreach (string secret in secrets)
        {
            Assert.DoesNotContain(secret, logs, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task RotatedPodToken_IsUsedAtTheNextLogin()
    {
        await MountAsync("pod-1");
        int logins = _harness.Count("auth/kubernetes/login");
        // Past the Vault token's TTL (1 h) and the first pod token's expiry: only a re-login with the newest token works.
        _harness.Time.Advance(TimeSpan.FromMinutes(70));
        await _harness.Engine.WhenIdleAsync(Ct).WaitAsync(s_wait, Ct);

        MountResponse again = await MountAsync("pod-1");

        Assert.Equal(4, again.Files.Count);
        Assert.True(_harness.Count("auth/kubernetes/login") > logins);
    }

    private async Task<MountResponse> MountAsync(string podUid, ObjectVersion[]? current = null, string serviceAccount = "app")
    {
        MountRequest request = _harness.Request(_harness.Attributes(serviceAccount, podUid, Objects), podUid, current ?? []);
        return await _harness.Client.MountAsync(request, cancellationToken: Ct).ResponseAsync.WaitAsync(s_wait, Ct);
    }

    private static string Text(MountResponse response, string path) => response.Files.Single(f => f.Path == path).Contents.ToString(Encoding.UTF8);

    private static string Version(MountResponse response, string id) => response.ObjectVersion.Single(v => v.Id == id).Version;
}
