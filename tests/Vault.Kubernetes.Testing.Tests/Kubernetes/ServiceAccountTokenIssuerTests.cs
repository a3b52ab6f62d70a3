// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using Vault.Kubernetes.Testing.Kubernetes;

namespace Vault.Kubernetes.Testing.Tests.Kubernetes;

public sealed class ServiceAccountTokenIssuerTests : IDisposable
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 31, 12, 0, 0, TimeSpan.Zero));
    private readonly ServiceAccountTokenIssuer _issuer;

    public ServiceAccountTokenIssuerTests()
    {
        _issuer = new ServiceAccountTokenIssuer(_time);
    }

    public void Dispose() => _issuer.Dispose();

    [Fact]
    public void IssueToken_Default_HasProjectedClaimLayout()
    {
        string jwt = _issuer.IssueToken(new ServiceAccountTokenRequest("shop", "web"));

        (JsonObject header, JsonObject claims) = Decode(jwt);
        long now = _time.GetUtcNow().ToUnixTimeSeconds();
        Assert.Equal("RS256", (string?)header["alg"]);
        Assert.Equal(_issuer.KeyId, (string?)header["kid"]);
        Assert.Equal("https://kubernetes.default.svc.cluster.local", (string?)claims["iss"]);
        Assert.Equal("system:serviceaccount:shop:web", (string?)claims["sub"]);
        Assert.Equal(["https://kubernetes.default.svc.cluster.local"], claims["aud"]!.AsArray().Select(a => (string)a!));
        Assert.Equal(now, (long)claims["iat"]!);
        Assert.Equal(now, (long)claims["nbf"]!);
        Assert.Equal(now + 3600, (long)claims["exp"]!);
        Assert.True(Guid.TryParse((string?)claims["jti"], out _));
        JsonObject k8s = claims["kubernetes.io"]!.AsObject();
        Assert.Equal("shop", (string?)k8s["namespace"]);
        Assert.Equal("web", (string?)k8s["serviceaccount"]!["name"]);
        Assert.Equal(_issuer.GetServiceAccountUid("shop", "web"), (string?)k8s["serviceaccount"]!["uid"]);
        Assert.False(k8s.ContainsKey("pod"));
    }

    [Fact]
    public void IssueToken_WithPodAudiencesAndLifetime_UsesThem()
    {
        string jwt = _issuer.IssueToken(new ServiceAccountTokenRequest("shop", "web")
        {
            PodName = "web-0",
            PodUid = "9a2b0000-0000-4000-8000-000000000000",
            Audiences = ["vault", "other"],
            Lifetime = TimeSpan.FromMinutes(10),
        });

        (_, JsonObject claims) = Decode(jwt);
        Assert.Equal(["vault", "other"], claims["aud"]!.AsArray().Select(a => (string)a!));
        Assert.Equal(600, (long)claims["exp"]! - (long)claims["iat"]!);
        Assert.Equal("web-0", (string?)claims["kubernetes.io"]!["pod"]!["name"]);
        Assert.Equal("9a2b0000-0000-4000-8000-000000000000", (string?)claims["kubernetes.io"]!["pod"]!["uid"]);
    }

    [Fact]
    public void IssueToken_CustomIssuerAndDefaultLifetime_Applied()
    {
        using var issuer = new ServiceAccountTokenIssuer(_time, "https://oidc.example.com") { DefaultLifetime = TimeSpan.FromMinutes(20) };

        (_, JsonObject claims) = Decode(issuer.IssueToken(new ServiceAccountTokenRequest("a", "b")));

        Assert.Equal("https://oidc.example.com", (string?)claims["iss"]);
        Assert.Equal(["https://oidc.example.com"], claims["aud"]!.AsArray().Select(a => (string)a!));
        Assert.Equal(1200, (long)claims["exp"]! - (long)claims["iat"]!);
    }

    [Fact]
    public void IssueToken_Signature_VerifiesWithPublicKeyPem()
    {
        string jwt = _issuer.IssueToken(new ServiceAccountTokenRequest("shop", "web"));
        using var rsa = RSA.Create();
        rsa.ImportFromPem(_issuer.PublicKeyPem);

        Assert.True(Verify(jwt, rsa));
    }

    [Fact]
    public void IssueToken_TamperedClaims_SignatureFails()
    {
        string[] parts = _issuer.IssueToken(new ServiceAccountTokenRequest("shop", "web")).Split('.');
        JsonObject claims = JsonNode.Parse(Base64Url.DecodeFromChars(parts[1]))!.AsObject();
        claims["sub"] = "system:serviceaccount:kube-system:admin";
        string forged = parts[0] + "." + Base64Url.EncodeToString(Encoding.UTF8.GetBytes(claims.ToJsonString())) + "." + parts[2];
        using var rsa = RSA.Create();
        rsa.ImportFromPem(_issuer.PublicKeyPem);

        Assert.False(Verify(forged, rsa));
    }

    [Fact]
    public void GetJwks_KeyMatchesSigningKey()
    {
        JsonObject jwk = JsonNode.Parse(_issuer.GetJwks())!["keys"]![0]!.AsObject();
        using var rsa = RSA.Create(new RSAParameters
        {
            Modulus = Base64Url.DecodeFromChars((string)jwk["n"]!),
            Exponent = Base64Url.DecodeFromChars((string)jwk["e"]!),
        });

        Assert.Equal("RSA", (string?)jwk["kty"]);
        Assert.Equal("RS256", (string?)jwk["alg"]);
        Assert.Equal("sig", (string?)jwk["use"]);
        Assert.Equal(_issuer.KeyId, (string?)jwk["kid"]);
        Assert.True(Verify(_issuer.IssueToken(new ServiceAccountTokenRequest("a", "b")), rsa));
    }

    [Fact]
    public void KeyId_IsSha256OfPublicKey()
    {
        using var rsa = RSA.Create();
        rsa.ImportFromPem(_issuer.PublicKeyPem);

        Assert.Equal(Base64Url.EncodeToString(SHA256.HashData(rsa.ExportSubjectPublicKeyInfo())), _issuer.KeyId);
    }

    [Fact]
    public void GetServiceAccountUid_StableUntilRecreated()
    {
        string first = _issuer.GetServiceAccountUid("shop", "web");

        Assert.Equal(first, _issuer.GetServiceAccountUid("shop", "web"));
        Assert.NotEqual(first, _issuer.GetServiceAccountUid("shop", "api"));
        string recreated = _issuer.RecreateServiceAccount("shop", "web");
        Assert.NotEqual(first, recreated);
        Assert.Equal(recreated, _issuer.GetServiceAccountUid("shop", "web"));
    }

    [Fact]
    public void CaCertificatePem_IsSelfSignedCa()
    {
        using var certificate = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(_issuer.CaCertificatePem);

        Assert.Equal("CN=kubernetes", certificate.Subject);
        Assert.Equal(certificate.Subject, certificate.Issuer);
    }

    [Fact]
    public void IssueToken_InvalidArguments_Throw()
    {
        Assert.Throws<ArgumentNullException>(() => _issuer.IssueToken(null!));
        Assert.Throws<ArgumentOutOfRangeException>(() => _issuer.IssueToken(new ServiceAccountTokenRequest("a", "b") { Lifetime = TimeSpan.Zero }));
        Assert.Throws<ArgumentException>(() => new ServiceAccountTokenRequest("", "b"));
        Assert.Throws<ArgumentOutOfRangeException>(() => _issuer.DefaultLifetime = TimeSpan.FromSeconds(-1));
    }

    internal static (JsonObject Header, JsonObject Claims) Decode(string jwt)
    {
        string[] parts = jwt.Split('.');
        Assert.Equal(3, parts.Length);
        return (JsonNode.Parse(Base64Url.DecodeFromChars(parts[0]))!.AsObject(), JsonNode.Parse(Base64Url.DecodeFromChars(parts[1]))!.AsObject());
    }

    private static bool Verify(string jwt, RSA key)
    {
        int lastDot = jwt.LastIndexOf('.');
        return key.VerifyData(Encoding.ASCII.GetBytes(jwt[..lastDot]), Base64Url.DecodeFromChars(jwt.AsSpan(lastDot + 1)), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
    }
}
