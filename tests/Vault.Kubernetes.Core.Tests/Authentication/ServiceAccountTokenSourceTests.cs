// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using Vault.Kubernetes.Authentication;

namespace Vault.Kubernetes.Core.Tests.Authentication;

public sealed class ServiceAccountTokenSourceTests
{
    [Fact]
    public async Task StaticSource_GetTokenAsync_ReturnsSameParsedToken()
    {
        string jwt = TestJwt.Projected();
        var source = new StaticServiceAccountTokenSource(jwt);

        ServiceAccountToken token = await source.GetTokenAsync(TestContext.Current.CancellationToken);

        Assert.Equal(jwt, token.Jwt.Reveal());
        Assert.Equal("shop", token.Namespace);
    }

    [Fact]
    public void StaticSource_NotAJwt_ThrowsArgumentExceptionWithoutContent()
    {
        ArgumentException ex = Assert.Throws<ArgumentException>(() => new StaticServiceAccountTokenSource("top-secret-value"));

        Assert.Equal("jwt", ex.ParamName);
        Assert.DoesNotContain("top-secret-value", ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DelegateSource_GetTokenAsync_CallsDelegateEveryTime()
    {
        int calls = 0;
        var source = new DelegateServiceAccountTokenSource(_ => ValueTask.FromResult(TestJwt.Projected(jti: (++calls).ToString())));

        ServiceAccountToken first = await source.GetTokenAsync(TestContext.Current.CancellationToken);
        ServiceAccountToken second = await source.GetTokenAsync(TestContext.Current.CancellationToken);

        Assert.Equal(2, calls);
        Assert.NotEqual(first.Jwt.Reveal(), second.Jwt.Reveal());
    }

    [Fact]
    public async Task DelegateSource_PassesCancellationToken()
    {
        CancellationToken seen = default;
        using var cts = new CancellationTokenSource();
        var source = new DelegateServiceAccountTokenSource(ct =>
        {
            seen = ct;
            return ValueTask.FromResult(TestJwt.Projected());
        });

        await source.GetTokenAsync(cts.Token);

        Assert.Equal(cts.Token, seen);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not-a-jwt-secret")]
    public async Task DelegateSource_BadValue_ThrowsInvalidDataWithoutContent(string value)
    {
        var source = new DelegateServiceAccountTokenSource(_ => ValueTask.FromResult(value));

        InvalidDataException ex = await Assert.ThrowsAsync<InvalidDataException>(
            () => source.GetTokenAsync(TestContext.Current.CancellationToken).AsTask());

        if (value.Length > 0)
        {
            Assert.DoesNotContain(value, ex.ToString(), StringComparison.Ordinal);
        }
    }
}
