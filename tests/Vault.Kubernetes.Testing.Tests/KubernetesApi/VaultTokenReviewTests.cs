// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Text.Json.Nodes;
using Vault.Kubernetes.Testing.Tests.Infrastructure;

namespace Vault.Kubernetes.Testing.Tests.KubernetesApi;

/// <summary>Vault's Kubernetes auth configured as for a real cluster: login JWTs are reviewed by KubernetesDevServer's TokenReview.</summary>
public sealed class VaultTokenReviewTests : IAsyncLifetime
{
    private VaultTarget _vault = null!;
    private KubernetesDevServer _kube = null!;

    public async ValueTask InitializeAsync()
    {
        _vault = await VaultTarget.StartAsync();
        _kube = await KubernetesDevServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await _kube.DisposeAsync();
        await _vault.DisposeAsync();
    }

    [Fact]
    public async Task Login_ConfiguredWithHostCaAndReviewerJwt_ReviewsTheTokenOnTheCluster()
    {
        VaultDevServer vault = _vault.RequireServer();
        await ConfigureLikeRealVaultAsync();
        CreateServiceAccount("shop", "web");
        string jwt = _kube.CreateToken("shop", "web", ["vault"]);
        _kube.ClearRequestLog();

        VaultReply login = await _vault.PostAsync("auth/kubernetes/login", new { role = "app", jwt }, token: null);

        Assert.Equal(200, login.Status);
        Assert.True(vault.IsTokenValid((string)login.Auth!["client_token"]!));
        Assert.Equal("web", (string?)login.Auth!["metadata"]!["service_account_name"]);
        KubernetesRequestLogEntry review = Assert.Single(_kube.RequestLog);
        Assert.Equal(("POST", "/apis/authentication.k8s.io/v1/tokenreviews", 201), (review.Method, review.Path, review.StatusCode));
    }

    [Fact]
    public async Task Login_ServiceAccountDeletedOrRecreated_IsRefusedAsOnARealCluster()
    {
        await ConfigureLikeRealVaultAsync();
        CreateServiceAccount("shop", "web");
        string jwt = _kube.CreateToken("shop", "web", ["vault"]);
        Assert.Equal(200, (await _vault.PostAsync("auth/kubernetes/login", new { role = "app", jwt }, token: null)).Status);

        Assert.True(_kube.DeleteObject("v1", "serviceaccounts", "shop", "web"));
        (await _vault.PostAsync("auth/kubernetes/login", new { role = "app", jwt }, token: null)).AssertError(403, "permission denied");

        // Same name, new UID: the old token stays refused; a fresh one logs in.
        CreateServiceAccount("shop", "web");
        (await _vault.PostAsync("auth/kubernetes/login", new { role = "app", jwt }, token: null)).AssertError(403, "permission denied");
        string fresh = _kube.CreateToken("shop", "web", ["vault"]);
        Assert.Equal(200, (await _vault.PostAsync("auth/kubernetes/login", new { role = "app", jwt = fresh }, token: null)).Status);
    }

    [Fact]
    public async Task Login_TokenForAnotherAudience_IsRefusedByTheReview()
    {
        await ConfigureLikeRealVaultAsync();
        CreateServiceAccount("shop", "web");
        string apiServerToken = _kube.CreateToken("shop", "web");

        Assert.Equal(200, (await _vault.PostAsync("auth/kubernetes/login", new { role = "any-audience", jwt = apiServerToken }, token: null)).Status);
        (await _vault.PostAsync("auth/kubernetes/login", new { role = "app", jwt = apiServerToken }, token: null)).AssertError(403, "audience");
    }

    [Fact]
    public async Task Login_SharedIssuerAndBuiltInReview_AcceptsTokenRequestTokensUntilTheAccountIsDeleted()
    {
        VaultDevServer vault = _vault.RequireServer();
        var options = new KubernetesDevServerOptions { TokenIssuer = vault.Kubernetes.Issuer };
        options.Namespaces.Add("shop");
        await using KubernetesDevServer kube = await KubernetesDevServer.StartAsync(options, TestContext.Current.CancellationToken);
        vault.Kubernetes.EnableAuth();
        WriteRoles(vault);
        kube.CreateObject(ServiceAccount("shop", "web"));
        string jwt = kube.CreateToken("shop", "web", ["vault"]);

        Assert.Equal(200, (await _vault.PostAsync("auth/kubernetes/login", new { role = "app", jwt }, token: null)).Status);
        Assert.Empty(kube.RequestLog);

        kube.DeleteObject("v1", "serviceaccounts", "shop", "web");
        (await _vault.PostAsync("auth/kubernetes/login", new { role = "app", jwt }, token: null)).AssertError(403, "permission denied");
    }

    private static JsonObject ServiceAccount(string ns, string name) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "ServiceAccount",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
    };

    private static void WriteRoles(VaultDevServer vault)
    {
        vault.Kubernetes.WriteRole("app", new Dictionary<string, object?>
        {
            ["bound_service_account_names"] = new[] { "web" },
            ["bound_service_account_namespaces"] = new[] { "shop" },
            ["audience"] = "vault",
            ["token_policies"] = new[] { "app-read" },
        });
        vault.Kubernetes.WriteRole("any-audience", new Dictionary<string, object?>
        {
            ["bound_service_account_names"] = new[] { "web" },
            ["bound_service_account_namespaces"] = new[] { "shop" },
        });
    }

    private void CreateServiceAccount(string ns, string name)
    {
        if (_kube.GetObject("v1", "namespaces", null, ns) is null)
        {
            _kube.CreateObject(new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new JsonObject { ["name"] = ns } });
        }

        _kube.CreateObject(ServiceAccount(ns, name));
    }

    private async Task ConfigureLikeRealVaultAsync()
    {
        VaultDevServer vault = _vault.RequireServer();
        vault.Kubernetes.ConnectToCluster(_kube);
        WriteRoles(vault);

        // What `vault read auth/kubernetes/config` shows: the cluster's host and CA, the reviewer JWT only as set.
        VaultReply config = await _vault.GetAsync("auth/kubernetes/config");
        Assert.Equal(_kube.Address.GetLeftPart(UriPartial.Authority), (string?)config.Data!["kubernetes_host"]);
        Assert.Equal(_kube.CaCertificatePem, (string?)config.Data!["kubernetes_ca_cert"]);
        Assert.True((bool)config.Data!["token_reviewer_jwt_set"]!);
    }
}
