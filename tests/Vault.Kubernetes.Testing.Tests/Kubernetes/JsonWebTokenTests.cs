// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Buffers.Text;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Vault.Kubernetes.Testing.Kubernetes;

namespace Vault.Kubernetes.Testing.Tests.Kubernetes;

public sealed class JsonWebTokenTests
{
    [Fact]
    public void VerifySignature_Es256_WithEcKey()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        string jwt = SignEs256(key, new JsonObject { ["sub"] = "system:serviceaccount:a:b" });
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        Assert.True(JsonWebToken.TryParse(jwt, out JsonWebToken? token));
        Assert.True(token.VerifySignature([key]));
        Assert.False(token.VerifySignature([other]));
    }

    [Fact]
    public void VerifySignature_UnsupportedAlgorithm_False()
    {
        using var rsa = RSA.Create(2048);
        string header = Base64Url.EncodeToString(Encoding.UTF8.GetBytes("""{"alg":"none"}"""));
        string claims = Base64Url.EncodeToString(Encoding.UTF8.GetBytes("""{"sub":"x"}"""));

        Assert.True(JsonWebToken.TryParse(header + "." + claims + ".", out JsonWebToken? token));
        Assert.False(token.VerifySignature([rsa]));
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("a.b")]
    [InlineData("!!.??.**")]
    [InlineData("e30.bm90LWpzb24.")]
    public void TryParse_Garbage_False(string text)
    {
        Assert.False(JsonWebToken.TryParse(text, out _));
    }

    [Fact]
    public void Claims_LegacyFlatKeys_Read()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        string jwt = SignEs256(key, new JsonObject
        {
            ["iss"] = "kubernetes/serviceaccount",
            ["aud"] = "single",
            ["kubernetes.io/serviceaccount/namespace"] = "ns",
            ["kubernetes.io/serviceaccount/service-account.name"] = "sa",
            ["kubernetes.io/serviceaccount/service-account.uid"] = "uid-1",
            ["kubernetes.io/serviceaccount/secret.name"] = "sa-token-abcde",
        });

        Assert.True(JsonWebToken.TryParse(jwt, out JsonWebToken? token));
        Assert.Equal("ns", token.Namespace);
        Assert.Equal("sa", token.ServiceAccountName);
        Assert.Equal("uid-1", token.ServiceAccountUid);
        Assert.Equal("sa-token-abcde", token.SecretName);
        Assert.Equal(["single"], token.Audiences);
        Assert.Null(token.ExpiresAt);
        Assert.DoesNotContain(jwt, token.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void PemKeys_CertificateAccepted()
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=sa-signer", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using X509Certificate2 certificate = request.CreateSelfSigned(DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddYears(100));

        KubernetesAuthConfig config = KubernetesAuthConfig.FromRequest(new(new JsonObject
        {
            ["kubernetes_host"] = "h",
            ["pem_keys"] = new JsonArray(certificate.ExportCertificatePem()),
        }));

        RSA key = Assert.IsAssignableFrom<RSA>(Assert.Single(config.PublicKeys));
        Assert.Equal(rsa.ExportSubjectPublicKeyInfo(), key.ExportSubjectPublicKeyInfo());
    }

    private static string SignEs256(ECDsa key, JsonObject claims)
    {
        string input = Base64Url.EncodeToString(Encoding.UTF8.GetBytes("""{"alg":"ES256"}"""))
            + "." + Base64Url.EncodeToString(Encoding.UTF8.GetBytes(claims.ToJsonString()));
        byte[] signature = key.SignData(Encoding.ASCII.GetBytes(input), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return input + "." + Base64Url.EncodeToString(signature);
    }
}
