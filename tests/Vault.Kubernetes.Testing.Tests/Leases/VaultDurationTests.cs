// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Text.Json;
using Vault.Kubernetes.Testing.Leases;

namespace Vault.Kubernetes.Testing.Tests.Leases;

public sealed class VaultDurationTests
{
    [Theory]
    [InlineData("3600", 3600)]
    [InlineData("1h", 3600)]
    [InlineData("1h30m", 5400)]
    [InlineData("90s", 90)]
    [InlineData("1.5h", 5400)]
    [InlineData("500ms", 0.5)]
    [InlineData("2d", 172800)]
    public void TryParse_Valid(string text, double seconds)
    {
        Assert.True(VaultDuration.TryParse(text, out TimeSpan value));
        Assert.Equal(TimeSpan.FromSeconds(seconds), value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("h")]
    [InlineData("1x")]
    [InlineData("soon")]
    [InlineData(null)]
    public void TryParse_Invalid(string? text)
    {
        Assert.False(VaultDuration.TryParse(text, out _));
    }

    [Fact]
    public void TryParse_JsonNumberAndString()
    {
        Assert.True(VaultDuration.TryParse(JsonDocument.Parse("120").RootElement, out TimeSpan a));
        Assert.True(VaultDuration.TryParse(JsonDocument.Parse("\"2m\"").RootElement, out TimeSpan b));
        Assert.False(VaultDuration.TryParse(JsonDocument.Parse("true").RootElement, out _));
        Assert.Equal(TimeSpan.FromMinutes(2), a);
        Assert.Equal(a, b);
    }

    [Theory]
    [InlineData(3600, "1h")]
    [InlineData(500, "8m20s")]
    [InlineData(2793391, "775h56m31s")]
    [InlineData(3601, "1h0m1s")]
    [InlineData(60, "1m")]
    [InlineData(0, "0s")]
    public void Format_LikeVaultWarnings(int seconds, string expected)
    {
        Assert.Equal(expected, VaultDuration.Format(TimeSpan.FromSeconds(seconds)));
    }

    [Fact]
    public void FormatTime_Rfc3339NanoTrimmed()
    {
        Assert.Equal("2025-03-01T10:00:00Z", VaultDuration.FormatTime(new DateTimeOffset(2025, 3, 1, 10, 0, 0, TimeSpan.Zero)));
        Assert.Equal("2025-03-01T10:00:00.123Z", VaultDuration.FormatTime(new DateTimeOffset(2025, 3, 1, 11, 0, 0, 123, TimeSpan.FromHours(1))));
    }
}
