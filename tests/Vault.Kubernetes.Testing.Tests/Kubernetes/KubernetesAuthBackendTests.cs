// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using Vault.Kubernetes.Testing.Kubernetes;
using Vault.Kubernetes.Testing.Internal;
using Vault.Kubernetes.Testing.Leases;

namespace Vault.Kubernetes.Testing.Tests.Kubernetes;

public sealed class KubernetesAuthBackendTests : IDisposable
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 31, 12, 0, 0, TimeSpan.Zero));
    private readonly ServiceAccountTokenIssuer _cluster;
    private readonly KubernetesAuthBackend _backend;

    public KubernetesAuthBackendTests()
    {
        _cluster = new ServiceAccountTokenIssuer(_time);
        _backend = new KubernetesAuthBackend(_time, _cluster);
        _backend.WriteConfig(Fields(new JsonObject
        {
            ["kubernetes_host"] = "https://kubernetes.default.svc",
            ["pem_keys"] = new JsonArray(_cluster.PublicKeyPem),
        }));
        _backend.WriteRole("App", Fields(new JsonObject
        {
            ["bound_service_account_names"] = "web,api-*",
            ["bound_service_account_namespaces"] = new JsonArray("shop"),
            ["audience"] = "vault",
            ["token_policies"] = "app-read",
            ["token_ttl"] = "1h",
            ["token_max_ttl"] = 14400,
        }));
    }

    public void Dispose() => _cluster.Dispose();

    [Fact]
    public void Login_ValidToken_ReturnsGrantWithFiveMetadataKeys()
    {
        string uid = _cluster.GetServiceAccountUid("shop", "web");

        KubernetesLoginGrant grant = _backend.Login("app", Token());

        Assert.Equal("app", grant.RoleName);
        Assert.Equal(["app-read", "default"], grant.Policies);
        Assert.Equal(TimeSpan.FromHours(1), grant.Ttl);
        Assert.Equal(TimeSpan.FromHours(4), grant.MaxTtl);
        Assert.Equal(uid, grant.AliasName);
        Assert.Equal("kubernetes-shop-web", grant.DisplayName);
        Assert.False(grant.Batch);
        Assert.Equal(
            new Dictionary<string, string>
            {
                ["role"] = "app",
                ["service_account_name"] = "web",
                ["service_account_namespace"] = "shop",
                ["service_account_secret_name"] = "",
                ["service_account_uid"] = uid,
            },
            grant.Metadata);
    }

    [Fact]
    public void Login_RoleNameIsCaseInsensitive()
    {
        Assert.Equal("app", _backend.Login("APP", Token()).RoleName);
    }

    [Theory]
    [InlineData(null, "jwt", 400, "missing role")]
    [InlineData("", "jwt", 400, "missing role")]
    [InlineData("app", null, 400, "missing jwt")]
    [InlineData("app", "", 400, "missing jwt")]
    [InlineData("nope", "jwt", 400, "invalid role name \"nope\"")]
    [InlineData("app", "not-a-jwt", 403, "permission denied")]
    [InlineData("app", "a.b.c", 403, "permission denied")]
    public void Login_BadInput_FailsWithDocumentedError(string? role, string? jwt, int status, string message)
    {
        AssertFails(() => _backend.Login(role, jwt), status, message);
    }

    [Fact]
    public void Login_NoConfig_Returns500()
    {
        var backend = new KubernetesAuthBackend(_time, _cluster);
        backend.WriteRole("app", Fields(new JsonObject { ["bound_service_account_names"] = "*", ["bound_service_account_namespaces"] = "*" }));

        AssertFails(() => backend.Login("app", Token()), 500, "could not load backend configuration");
    }

    [Fact]
    public void Login_SignedByAnotherKey_PermissionDenied()
    {
        using var other = new ServiceAccountTokenIssuer(_time);

        AssertFails(() => _backend.Login("app", other.IssueToken(Request())), 403, "permission denied");
    }

    [Fact]
    public void Login_NoPemKeys_TokenReviewStillRejectsForeignToken()
    {
        _backend.WriteConfig(Fields(new JsonObject { ["kubernetes_host"] = "https://kubernetes.default.svc" }));
        using var other = new ServiceAccountTokenIssuer(_time);

        Assert.Equal("web", _backend.Login("app", Token()).ServiceAccountName);
        AssertFails(() => _backend.Login("app", other.IssueToken(Request())), 403, "permission denied");
    }

    [Fact]
    public void Login_ServiceAccountRecreated_TokenReviewDenies()
    {
        string token = Token();
        _cluster.RecreateServiceAccount("shop", "web");

        AssertFails(() => _backend.Login("app", token), 403, "permission denied");
        Assert.Equal("web", _backend.Login("app", Token()).ServiceAccountName);
    }

    [Fact]
    public void Login_IssuerMismatch_WhenValidationEnabled()
    {
        _backend.WriteConfig(Fields(new JsonObject
        {
            ["kubernetes_host"] = "https://kubernetes.default.svc",
            ["pem_keys"] = new JsonArray(_cluster.PublicKeyPem),
            ["issuer"] = "https://other-issuer",
            ["disable_iss_validation"] = false,
        }));

        AssertFails(() => _backend.Login("app", Token()), 403, "invalid issuer (iss) claim");
    }

    [Fact]
    public void Login_IssuerMismatch_IgnoredByDefault()
    {
        _backend.WriteConfig(Fields(new JsonObject
        {
            ["kubernetes_host"] = "https://kubernetes.default.svc",
            ["issuer"] = "https://other-issuer",
        }));

        Assert.Equal("web", _backend.Login("app", Token()).ServiceAccountName);
    }

    [Fact]
    public void Login_AudienceMissing_Forbidden()
    {
        AssertFails(
            () => _backend.Login("app", Token(audiences: ["https://kubernetes.default.svc.cluster.local"])),
            403,
            "invalid audience (aud) claim: audience claim does not match any expected audience");
    }

    [Fact]
    public void Login_ExpiredWithinLeeway_Succeeds_ThenFails()
    {
        string token = Token(lifetime: TimeSpan.FromMinutes(10));
        _time.Advance(TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(60));

        // Inside the 60 s leeway the claim check passes; the cluster's own review (no leeway) then rejects it.
        AssertFails(() => _backend.Login("app", token), 403, "permission denied");

        _time.Advance(TimeSpan.FromSeconds(1));
        AssertFails(() => _backend.Login("app", token), 403, "invalid expiration time (exp) claim: token is expired");
    }

    [Fact]
    public void Login_ExpiredWithoutTokenReview_LeewayHonoured()
    {
        var backend = new KubernetesAuthBackend(_time, (ServiceAccountTokenIssuer?)null);
        backend.WriteConfig(Fields(new JsonObject { ["kubernetes_host"] = "h", ["pem_keys"] = _cluster.PublicKeyPem }));
        backend.WriteRole("app", Fields(new JsonObject { ["bound_service_account_names"] = "*", ["bound_service_account_namespaces"] = "*" }));
        string token = Token(lifetime: TimeSpan.FromMinutes(10));

        _time.Advance(TimeSpan.FromMinutes(11));
        Assert.Equal("web", backend.Login("app", token).ServiceAccountName);
        _time.Advance(TimeSpan.FromSeconds(1));
        AssertFails(() => backend.Login("app", token), 403, "invalid expiration time (exp) claim: token is expired");
    }

    [Fact]
    public void Login_NotYetValid_Forbidden()
    {
        var future = new FakeTimeProvider(_time.GetUtcNow().AddMinutes(5));
        using var futureIssuer = new ServiceAccountTokenIssuer(future);
        var backend = new KubernetesAuthBackend(_time, (ServiceAccountTokenIssuer?)null);
        backend.WriteConfig(Fields(new JsonObject { ["kubernetes_host"] = "h", ["pem_keys"] = futureIssuer.PublicKeyPem }));
        backend.WriteRole("app", Fields(new JsonObject { ["bound_service_account_names"] = "*", ["bound_service_account_namespaces"] = "*" }));

        AssertFails(() => backend.Login("app", futureIssuer.IssueToken(Request())), 403, "invalid not before (nbf) claim: token not yet valid");
    }

    [Fact]
    public void Login_ServiceAccountNotBound_Forbidden()
    {
        AssertFails(() => _backend.Login("app", Token(name: "worker")), 403, "service account name not authorized");
    }

    [Fact]
    public void Login_GlobBoundName_Matches()
    {
        Assert.Equal("api-v2", _backend.Login("app", Token(name: "api-v2")).ServiceAccountName);
    }

    [Fact]
    public void Login_NamespaceNotBound_Forbidden()
    {
        AssertFails(() => _backend.Login("app", Token(ns: "billing")), 403, "namespace not authorized");
    }

    [Fact]
    public void Login_BoundCidrs_RejectsOtherAddresses()
    {
        _backend.WriteRole("app", Fields(new JsonObject { ["token_bound_cidrs"] = "10.0.0.0/8" }));

        AssertFails(() => _backend.Login("app", Token(), IPAddress.Loopback), 403, "permission denied");
        Assert.Equal(["10.0.0.0/8"], _backend.Login("app", Token(), IPAddress.Parse("10.1.2.3")).BoundCidrs);
    }

    [Fact]
    public void Login_RoleOptions_AppliedToGrant()
    {
        _backend.WriteRole("batch", Fields(new JsonObject
        {
            ["bound_service_account_names"] = "*",
            ["bound_service_account_namespaces"] = "*",
            ["token_type"] = "batch",
            ["token_no_default_policy"] = true,
            ["policies"] = new JsonArray("p1"),
            ["alias_name_source"] = "serviceaccount_name",
            ["period"] = "30m",
        }));

        KubernetesLoginGrant grant = _backend.Login("batch", Token());

        Assert.True(grant.Batch);
        Assert.Equal(["p1"], grant.Policies);
        Assert.Equal("shop/web", grant.AliasName);
        Assert.Equal(TimeSpan.FromMinutes(30), grant.Period);
    }

    [Theory]
    [InlineData("""{"bound_service_account_namespaces":"*"}""", "\"bound_service_account_names\" can not be empty")]
    [InlineData("""{"bound_service_account_names":"*,web","bound_service_account_namespaces":"*"}""", "can not mix \"*\" with values")]
    [InlineData("""{"bound_service_account_names":"web"}""", "\"bound_service_account_namespaces\" can not be empty")]
    [InlineData("""{"bound_service_account_names":"web","bound_service_account_namespaces":["*","a"]}""", "can not mix \"*\" with values")]
    [InlineData("""{"bound_service_account_names":"web","bound_service_account_namespaces":"*","token_ttl":"2h","token_max_ttl":"1h"}""", "token ttl should not be greater than token max ttl")]
    [InlineData("""{"bound_service_account_names":"web","bound_service_account_namespaces":"*","token_type":"weird"}""", "invalid 'token_type' value")]
    [InlineData("""{"bound_service_account_names":"web","bound_service_account_namespaces":"*","token_ttl":"soon"}""", "field \"token_ttl\"")]
    public void WriteRole_Invalid_FailsWith400(string body, string message)
    {
        var ex = Assert.Throws<VaultRequestException>(() => _backend.WriteRole("new", Fields(JsonNode.Parse(body)!.AsObject())));

        Assert.Equal(400, ex.StatusCode);
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
        Assert.Null(_backend.ReadRole("new"));
    }

    [Fact]
    public void WriteRole_Update_KeepsUnsentFieldsAndReadShowsSeconds()
    {
        _backend.WriteRole("app", Fields(new JsonObject { ["token_ttl"] = "30m" }));

        JsonObject data = _backend.ReadRole("app")!.ToResponseData();

        Assert.Equal(1800, (long)data["token_ttl"]!);
        Assert.Equal(14400, (long)data["token_max_ttl"]!);
        Assert.Equal("vault", (string?)data["audience"]);
        Assert.Equal(["web", "api-*"], data["bound_service_account_names"]!.AsArray().Select(n => (string)n!));
        Assert.Equal(["app"], _backend.ListRoles());
        _backend.DeleteRole("APP");
        Assert.Empty(_backend.ListRoles());
    }

    [Theory]
    [InlineData("""{}""", "no host provided")]
    [InlineData("""{"kubernetes_host":"h","kubernetes_ca_cert":"garbage"}""", "The provided CA PEM data contains no valid certificates")]
    [InlineData("""{"kubernetes_host":"h","pem_keys":"garbage"}""", "data does not contain any valid RSA or ECDSA public keys")]
    public void WriteConfig_Invalid_FailsWith400(string body, string message)
    {
        var ex = Assert.Throws<VaultRequestException>(() => _backend.WriteConfig(Fields(JsonNode.Parse(body)!.AsObject())));

        Assert.Equal(400, ex.StatusCode);
        Assert.Equal(message, ex.Message);
    }

    [Fact]
    public void WriteConfig_ReadNeverShowsReviewerJwt()
    {
        _backend.WriteConfig(Fields(new JsonObject
        {
            ["kubernetes_host"] = "https://10.0.0.1:443",
            ["kubernetes_ca_cert"] = _cluster.CaCertificatePem,
            ["token_reviewer_jwt"] = "reviewer-secret-jwt",
        }));

        JsonObject data = _backend.Config!.ToResponseData();

        Assert.True((bool)data["token_reviewer_jwt_set"]!);
        Assert.True((bool)data["disable_iss_validation"]!);
        Assert.DoesNotContain("reviewer-secret-jwt", data.ToJsonString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("*", "anything", true)]
    [InlineData("web", "web", true)]
    [InlineData("web", "web2", false)]
    [InlineData("api-*", "api-v1", true)]
    [InlineData("*-sa", "app-sa", true)]
    [InlineData("a*b*c", "a-x-b-y-c", true)]
    [InlineData("a*b*c", "a-x-c", false)]
    [InlineData("ab*ba", "aba", false)]
    public void MatchesAny_Globs(string pattern, string value, bool expected)
    {
        Assert.Equal(expected, KubernetesAuthBackend.MatchesAny([pattern], value));
    }

    internal static RequestFields Fields(JsonObject data) => new(data);

    private static ServiceAccountTokenRequest Request(string ns = "shop", string name = "web", IReadOnlyList<string>? audiences = null, TimeSpan? lifetime = null) =>
        new(ns, name) { Audiences = audiences ?? ["vault"], Lifetime = lifetime, PodName = "web-0" };

    private string Token(string ns = "shop", string name = "web", IReadOnlyList<string>? audiences = null, TimeSpan? lifetime = null) =>
        _cluster.IssueToken(Request(ns, name, audiences, lifetime));

    private static void AssertFails(Action action, int status, string message)
    {
        var ex = Assert.Throws<VaultRequestException>(action);
        Assert.Equal(status, ex.StatusCode);
        Assert.Equal(message, ex.Message);
    }
}
