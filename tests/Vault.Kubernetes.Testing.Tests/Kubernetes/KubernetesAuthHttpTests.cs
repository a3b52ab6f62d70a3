// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using Vault.Kubernetes.Testing.Kubernetes;
using Vault.Kubernetes.Testing.Tests.Infrastructure;
using Vault.Kubernetes.Testing.Tests.Leases;
using static Vault.Kubernetes.Testing.Tests.Leases.PluginServer;

namespace Vault.Kubernetes.Testing.Tests.Kubernetes;

public sealed class KubernetesAuthHttpTests : IAsyncLifetime
{
    private const string Mount = "k8s";
    private VaultTarget _vault = null!;
    private FakeTimeProvider _time = null!;
    private VaultDevServerKubernetes _cluster = null!;

    public async ValueTask InitializeAsync()
    {
        (_vault, _time) = await PluginServer.StartAsync();
        _cluster = _vault.Server!.Kubernetes;
        Assert.Equal(204, (await _vault.PostAsync("sys/auth/" + Mount, new { type = "kubernetes" })).Status);
        Assert.Equal(204, (await _vault.PostAsync($"auth/{Mount}/config", new
        {
            kubernetes_host = "https://kubernetes.default.svc",
            pem_keys = new[] { _cluster.Issuer.PublicKeyPem },
        })).Status);
        Assert.Equal(204, (await _vault.PostAsync($"auth/{Mount}/role/app", new
        {
            bound_service_account_names = new[] { "web" },
            bound_service_account_namespaces = "shop",
            audience = "vault",
            token_policies = "app-read",
            token_ttl = "1h",
            token_max_ttl = "2h",
        })).Status);
    }

    public async ValueTask DisposeAsync() => await _vault.DisposeAsync();

    [Fact]
    public async Task Login_ValidToken_ReturnsDocumentedEnvelope()
    {
        string uid = _cluster.Issuer.GetServiceAccountUid("shop", "web");

        VaultReply reply = await Login("app", _cluster.IssueToken("shop", "web", ["vault"]));

        Assert.Equal(200, reply.Status);
        JsonObject body = reply.Json!.AsObject();
        Assert.Equal(
            ["auth", "data", "lease_duration", "lease_id", "mount_type", "renewable", "request_id", "warnings", "wrap_info"],
            body.Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.Null(body["data"]);
        Assert.Equal("kubernetes", (string?)body["mount_type"]);
        JsonObject auth = reply.Auth!.AsObject();
        Assert.StartsWith("hvs.", (string?)auth["client_token"], StringComparison.Ordinal);
        Assert.Equal(24, ((string?)auth["accessor"])!.Length);
        Assert.Equal(["app-read", "default"], auth["policies"]!.AsArray().Select(p => (string)p!));
        Assert.Equal(["app-read", "default"], auth["token_policies"]!.AsArray().Select(p => (string)p!));
        Assert.Equal(3600, (long)auth["lease_duration"]!);
        Assert.True((bool)auth["renewable"]!);
        Assert.True((bool)auth["orphan"]!);
        Assert.Equal("service", (string?)auth["token_type"]);
        Assert.False(string.IsNullOrEmpty((string?)auth["entity_id"]));
        Assert.Equal(
            new JsonObject
            {
                ["role"] = "app",
                ["service_account_name"] = "web",
                ["service_account_namespace"] = "shop",
                ["service_account_secret_name"] = "",
                ["service_account_uid"] = uid,
            }.ToJsonString(),
            new JsonObject(auth["metadata"]!.AsObject().OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone()))).ToJsonString());
    }

    [Fact]
    public async Task Login_TokenWorks_AndEntityStableAcrossLogins()
    {
        VaultReply first = await Login("app", _cluster.IssueToken("shop", "web", ["vault"]));
        VaultReply second = await Login("app", _cluster.IssueToken("shop", "web", ["vault"]));

        Assert.Equal((string?)first.Auth!["entity_id"], (string?)second.Auth!["entity_id"]);
        VaultReply lookup = await _vault.GetAsync("auth/token/lookup-self", (string)first.Auth!["client_token"]!);
        Assert.Equal(200, lookup.Status);
        Assert.Equal($"auth/{Mount}/login", (string?)lookup.Data!["path"]);
        Assert.Equal("kubernetes-shop-web", (string?)lookup.Data!["display_name"]);
        Assert.Equal("app", (string?)lookup.Data!["role"]);
    }

    [Fact]
    public async Task Login_Failures_HaveDocumentedStatusAndText()
    {
        AssertError(await _vault.PostAsync($"auth/{Mount}/login", new { jwt = "x" }, token: null), 400, "missing role");
        AssertError(await _vault.PostAsync($"auth/{Mount}/login", new { role = "app" }, token: null), 400, "missing jwt");
        AssertError(await Login("nope", "x"), 400, "invalid role name \"nope\"");
        AssertError(await Login("app", "not.a.jwt"), 403, "permission denied");
        AssertError(await Login("app", _cluster.IssueToken("shop", "worker", ["vault"])), 403, "service account name not authorized");
        AssertError(await Login("app", _cluster.IssueToken("billing", "web", ["vault"])), 403, "namespace not authorized");
        AssertError(
            await Login("app", _cluster.IssueToken("shop", "web")),
            403,
            "invalid audience (aud) claim: audience claim does not match any expected audience");
        using var stranger = new ServiceAccountTokenIssuer(_time);
        AssertError(await Login("app", stranger.IssueToken(new ServiceAccountTokenRequest("shop", "web") { Audiences = ["vault"] })), 403, "permission denied");

        string shortLived = _cluster.IssueToken("shop", "web", ["vault"], TimeSpan.FromMinutes(10));
        _time.Advance(TimeSpan.FromMinutes(11) + TimeSpan.FromSeconds(1));
        AssertError(await Login("app", shortLived), 403, "invalid expiration time (exp) claim: token is expired");
    }

    [Fact]
    public async Task Login_Failures_NeverEchoTheJwt()
    {
        string[] jwts =
        [
            _cluster.IssueToken("shop", "worker", ["vault"]),
            _cluster.IssueToken("billing", "web", ["vault"]),
            _cluster.IssueToken("shop", "web"),
        ];

        foreach (string jwt in jwts)
        {
            VaultReply reply = await Login("app", jwt);
            Assert.Equal(403, reply.Status);
            Assert.DoesNotContain(jwt.Split('.')[1], reply.Body, StringComparison.Ordinal);
        }

        Assert.All(_vault.Server!.RequestLog, entry => Assert.DoesNotContain(jwts[0].Split('.')[1], entry.ToString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Login_WithoutConfig_500()
    {
        Assert.Equal(204, (await _vault.PostAsync("sys/auth/bare", new { type = "kubernetes" })).Status);
        Assert.Equal(204, (await _vault.PostAsync("auth/bare/role/r", new { bound_service_account_names = "*", bound_service_account_namespaces = "*" })).Status);

        VaultReply reply = await _vault.PostAsync("auth/bare/login", new { role = "r", jwt = _cluster.IssueToken("a", "b") }, token: null);

        AssertError(reply, 500, "could not load backend configuration");
    }

    [Fact]
    public async Task RenewSelf_CappedByRoleMaxTtl_WithWarning()
    {
        string token = (string)(await Login("app", _cluster.IssueToken("shop", "web", ["vault"]))).Auth!["client_token"]!;
        _time.Advance(TimeSpan.FromMinutes(50));
        VaultReply first = await _vault.PostAsync("auth/token/renew-self", new { }, token);
        Assert.Equal(200, first.Status);
        Assert.Equal(3600, (long)first.Auth!["lease_duration"]!);
        Assert.Empty(first.Warnings);
        _time.Advance(TimeSpan.FromMinutes(50));

        VaultReply renew = await _vault.PostAsync("auth/token/renew-self", new { increment = "1h" }, token);

        Assert.Equal(200, renew.Status);
        Assert.Equal(1200, (long)renew.Auth!["lease_duration"]!);
        Assert.Equal(["TTL of \"1h\" exceeded the effective max_ttl of \"20m\"; TTL value is capped accordingly"], renew.Warnings);
    }

    [Fact]
    public async Task RenewSelf_RoleDeleted_Refused()
    {
        string token = (string)(await Login("app", _cluster.IssueToken("shop", "web", ["vault"]))).Auth!["client_token"]!;
        Assert.Equal(204, (await _vault.DeleteAsync($"auth/{Mount}/role/app")).Status);

        VaultReply renew = await _vault.PostAsync("auth/token/renew-self", new { }, token);

        Assert.Equal(400, renew.Status);
        Assert.Contains("role app does not exist during renewal", renew.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Role_CrudAndList()
    {
        VaultReply read = await _vault.GetAsync($"auth/{Mount}/role/app");
        Assert.Equal(200, read.Status);
        Assert.Equal(3600, (long)read.Data!["token_ttl"]!);
        Assert.Equal(7200, (long)read.Data!["token_max_ttl"]!);
        Assert.Equal(["shop"], read.Data!["bound_service_account_namespaces"]!.AsArray().Select(n => (string)n!));

        Assert.Equal(204, (await _vault.PostAsync($"auth/{Mount}/role/Second", new { bound_service_account_names = "*", bound_service_account_namespaces = "*" })).Status);
        VaultReply list = await _vault.ListAsync($"auth/{Mount}/role");
        Assert.Equal(["app", "second"], list.Data!["keys"]!.AsArray().Select(k => (string)k!));

        Assert.Equal(204, (await _vault.DeleteAsync($"auth/{Mount}/role/app")).Status);
        VaultReply gone = await _vault.GetAsync($"auth/{Mount}/role/app");
        Assert.Equal(404, gone.Status);
        Assert.Empty(gone.Errors);

        AssertError(await _vault.PostAsync($"auth/{Mount}/role/bad", new { bound_service_account_namespaces = "*" }), 400, "\"bound_service_account_names\" can not be empty");
    }

    [Fact]
    public async Task Config_ReadHidesReviewerJwt_AndValidatesHost()
    {
        Assert.Equal(204, (await _vault.PostAsync($"auth/{Mount}/config", new { kubernetes_host = "https://10.0.0.1", token_reviewer_jwt = "reviewer-jwt-value" })).Status);

        VaultReply read = await _vault.GetAsync($"auth/{Mount}/config");

        Assert.Equal(200, read.Status);
        Assert.Equal("https://10.0.0.1", (string?)read.Data!["kubernetes_host"]);
        Assert.True((bool)read.Data!["token_reviewer_jwt_set"]!);
        Assert.DoesNotContain("reviewer-jwt-value", read.Body, StringComparison.Ordinal);
        AssertError(await _vault.PostAsync($"auth/{Mount}/config", new { kubernetes_ca_cert = "x" }), 400, "no host provided");
    }

    [Fact]
    public async Task TokenVolume_RotatedTokenStillLogsIn()
    {
        string directory = Path.Combine(Path.GetTempPath(), "vk-k8s-" + Guid.NewGuid().ToString("N"));
        try
        {
            await using ServiceAccountTokenVolume volume = await _cluster.CreateTokenVolumeAsync(
                directory, "shop", "web", ["vault"], TimeSpan.FromMinutes(10), TestContext.Current.CancellationToken);
            string first = await File.ReadAllTextAsync(volume.TokenPath, TestContext.Current.CancellationToken);
            Assert.Equal(200, (await Login("app", first)).Status);

            _time.Advance(TimeSpan.FromMinutes(8));
            string second = await File.ReadAllTextAsync(volume.TokenPath, TestContext.Current.CancellationToken);
            Assert.NotEqual(first, second);
            _time.Advance(TimeSpan.FromMinutes(3) + TimeSpan.FromSeconds(1));

            // The first token is now past exp + leeway; the rotated one (read by path) still works.
            AssertError(await Login("app", first), 403, "invalid expiration time (exp) claim: token is expired");
            Assert.Equal(200, (await Login("app", second)).Status);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task Handles_EnableAuthAndWriteRole_LoginWorks()
    {
        _cluster.EnableAuth();
        _cluster.WriteRole("svc", new Dictionary<string, object?>
        {
            ["bound_service_account_names"] = "api",
            ["bound_service_account_namespaces"] = new[] { "prod" },
            ["token_ttl"] = 600,
        });

        VaultReply reply = await _vault.PostAsync("auth/kubernetes/login", new { role = "svc", jwt = _cluster.IssueToken("prod", "api") }, token: null);

        Assert.Equal(200, reply.Status);
        Assert.Equal(600, (long)reply.Auth!["lease_duration"]!);
        Assert.Throws<ArgumentException>(() => _cluster.WriteRole("bad", new Dictionary<string, object?>()));
        Assert.Throws<ArgumentException>(() => _cluster.EnableAuth());
    }

    private Task<VaultReply> Login(string role, string jwt) =>
        _vault.PostAsync($"auth/{Mount}/login", new { role, jwt }, token: null);
}
