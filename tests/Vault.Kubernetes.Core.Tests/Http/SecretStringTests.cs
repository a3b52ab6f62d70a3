// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using Vault.Kubernetes.Http;

namespace Vault.Kubernetes.Core.Tests.Http;

public sealed class SecretStringTests
{
    [Fact]
    public void ToString_Always_PrintsPlaceholderNotValue()
    {
        var secret = new SecretString("hvs.super-secret");

        Assert.Equal(SecretString.Placeholder, secret.ToString());
        Assert.DoesNotContain("super-secret", $"{secret}", StringComparison.Ordinal);
        Assert.Equal("hvs.super-secret", secret.Reveal());
        Assert.Equal(16, secret.Length);
    }

    [Fact]
    public void Equals_SameAndDifferentValues_ComparesByValue()
    {
        Assert.Equal(new SecretString("a"), new SecretString("a"));
        Assert.NotEqual(new SecretString("a"), new SecretString("b"));
        Assert.False(new SecretString("a").Equals(null));
    }
}
