// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Text.Json.Nodes;
using Vault.Kubernetes.Testing.Internal;

namespace Vault.Kubernetes.Testing.Tests.Internal;

public sealed class DurationsTests
{
    [Theory]
    [InlineData("1h", 3600)]
    [InlineData("1h30m", 5400)]
    [InlineData("90s", 90)]
    [InlineData("3600", 3600)]
    [InlineData("2d", 172800)]
    [InlineData("", 0)]
    public void TryParse_Text_ReturnsSeconds(string text, long seconds)
    {
        Assert.True(Durations.TryParse(text, out TimeSpan value));
        Assert.Equal(seconds, (long)value.TotalSeconds);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("5x")]
    public void TryParse_Malformed_ReturnsFalse(string text) => Assert.False(Durations.TryParse(text, out _));

    [Fact]
    public void TryParse_JsonNumber_IsSeconds()
    {
        Assert.True(Durations.TryParse(JsonValue.Create(120), out TimeSpan value));
        Assert.Equal(TimeSpan.FromMinutes(2), value);
        Assert.False(Durations.TryParse(new JsonArray(), out _));
    }

    [Theory]
    [InlineData(0, "0s", "0s")]
    [InlineData(3600, "1h0m0s", "1h")]
    [InlineData(500, "8m20s", "8m20s")]
    [InlineData(2764800, "768h0m0s", "768h")]
    [InlineData(3605, "1h0m5s", "1h5s")]
    [InlineData(300, "5m0s", "5m")]
    public void Format_MatchesGo(long seconds, string go, string human)
    {
        Assert.Equal(go, Durations.GoString(TimeSpan.FromSeconds(seconds)));
        Assert.Equal(human, Durations.Human(TimeSpan.FromSeconds(seconds)));
    }

    [Fact]
    public void Multi_FormatsLikeGoMultierror()
    {
        Assert.Equal("1 error occurred:\n\t* permission denied\n\n", VaultErrors.Multi("permission denied"));
        Assert.Equal("2 errors occurred:\n\t* permission denied\n\t* invalid token\n\n", VaultErrors.Multi("permission denied", "invalid token"));
    }
}
