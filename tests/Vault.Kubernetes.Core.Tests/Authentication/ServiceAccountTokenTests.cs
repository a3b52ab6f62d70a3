// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using Vault.Kubernetes.Authentication;

namespace Vault.Kubernetes.Core.Tests.Authentication;

public sealed class ServiceAccountTokenTests
{
    [Fact]
    public void Parse_ProjectedToken_ReadsStandardAndKubernetesClaims()
    {
        string jwt = TestJwt.Projected(ns: "payments", serviceAccount: "app-sa", pod: "app-1");

        ServiceAccountToken token = ServiceAccountToken.Parse(jwt);

        Assert.Equal(jwt, token.Jwt.Reveal());
        Assert.Equal("system:serviceaccount:payments:app-sa", token.Subject);
        Assert.Equal("https://kubernetes.default.svc.cluster.local", token.Issuer);
        Assert.Equal(["https://kubernetes.default.svc.cluster.local", "vault"], token.Audiences);
        var issued = DateTimeOffset.FromUnixTimeSeconds(TestJwt.IssuedAtSeconds);
        Assert.Equal(issued, token.IssuedAt);
        Assert.Equal(issued, token.NotBefore);
        Assert.Equal(issued.AddSeconds(3607), token.ExpiresAt);
        Assert.Equal("payments", token.Namespace);
        Assert.Equal("app-sa", token.ServiceAccountName);
        Assert.Equal("app-1", token.PodName);
    }

    [Fact]
    public void Parse_LegacySecretToken_ReadsFlatClaimsAndSingleAudience()
    {
        string jwt = TestJwt.Create("""
            {"iss":"kubernetes/serviceaccount","aud":"vault","sub":"system:serviceaccount:legacy:old",
             "kubernetes.io/serviceaccount/namespace":"legacy",
             "kubernetes.io/serviceaccount/service-account.name":"old",
             "kubernetes.io/serviceaccount/secret.name":"old-token-abcde"}
            """);

        ServiceAccountToken token = ServiceAccountToken.Parse(jwt);

        Assert.Equal(["vault"], token.Audiences);
        Assert.Equal("legacy", token.Namespace);
        Assert.Equal("old", token.ServiceAccountName);
        Assert.Null(token.PodName);
        Assert.Null(token.ExpiresAt);
    }

    [Fact]
    public void Parse_SurroundingWhitespace_IsTrimmed()
    {
        string jwt = TestJwt.Projected();

        ServiceAccountToken token = ServiceAccountToken.Parse("\n  " + jwt + " \r\n");

        Assert.Equal(jwt, token.Jwt.Reveal());
    }

    [Fact]
    public void Parse_FractionalNumericDate_IsKept()
    {
        ServiceAccountToken token = ServiceAccountToken.Parse(TestJwt.Create("""{"exp": 1767225600.5}"""));

        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1_767_225_600_500), token.ExpiresAt);
    }

    [Theory]
    [InlineData("not-a-jwt-secret-content")]
    [InlineData("two.segments-secret")]
    [InlineData("a.b.c.d")]
    [InlineData("!!!.???.sig")]
    [InlineData("e30.bm90IGpzb24.sig")] // payload "not json"
    [InlineData("e30.WzEsMl0.sig")] // payload [1,2]
    [InlineData("e30.eyJzdWIiOjV9.sig")] // payload {"sub":5}
    [InlineData("e30.eyJhdWQiOjV9.sig")] // payload {"aud":5}
    [InlineData("e30.eyJleHAiOjFlMzAwfQ.sig")] // payload {"exp":1e300}
    public void Parse_NotAJwt_ThrowsFormatExceptionWithoutContent(string value)
    {
        FormatException ex = Assert.Throws<FormatException>(() => ServiceAccountToken.Parse(value));

        Assert.DoesNotContain(value, ex.ToString(), StringComparison.Ordinal);
        Assert.Null(ex.InnerException);
    }

    [Fact]
    public void ToString_NeverContainsJwt()
    {
        string jwt = TestJwt.Projected();

        string text = ServiceAccountToken.Parse(jwt).ToString();

        Assert.DoesNotContain(jwt, text, StringComparison.Ordinal);
        Assert.DoesNotContain(jwt.Split('.')[1], text, StringComparison.Ordinal);
        Assert.Contains("system:serviceaccount:shop:web", text, StringComparison.Ordinal);
    }
}
