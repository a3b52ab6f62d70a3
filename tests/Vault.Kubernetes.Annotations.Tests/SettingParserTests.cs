// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using Vault.Kubernetes.Annotations;

namespace Vault.Kubernetes.Annotations.Tests;

public sealed class SettingParserTests
{
    [Theory]
    [InlineData("30", 30_000)]
    [InlineData("30s", 30_000)]
    [InlineData("5m", 300_000)]
    [InlineData("1h30m", 5_400_000)]
    [InlineData("1.5h", 5_400_000)]
    [InlineData("250ms", 250)]
    [InlineData("2m30s500ms", 150_500)]
    public void TryParseDuration_GoDurationOrSeconds_Parses(string text, long milliseconds)
    {
        Assert.True(SettingParser.TryParseDuration(text, out TimeSpan value));
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("5 minutes")]
    [InlineData("5d")]
    [InlineData("m")]
    [InlineData("1h-")]
    public void TryParseDuration_Malformed_Fails(string text) => Assert.False(SettingParser.TryParseDuration(text, out _));

    [Theory]
    [InlineData("1", true)]
    [InlineData("t", true)]
    [InlineData("TRUE", true)]
    [InlineData("True", true)]
    [InlineData("0", false)]
    [InlineData("F", false)]
    [InlineData("false", false)]
    public void TryParseBool_GoSpellings_Parse(string text, bool expected)
    {
        Assert.True(SettingParser.TryParseBool(text, out bool value));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("yes")]
    [InlineData("tRuE")]
    [InlineData("")]
    public void TryParseBool_OtherSpellings_Fail(string text) => Assert.False(SettingParser.TryParseBool(text, out _));

    [Theory]
    [InlineData("0440", 0x120)]
    [InlineData("440", 0x120)]
    [InlineData("0o600", 0x180)]
    [InlineData("0777", 0x1FF)]
    public void TryParseFileMode_Octal_Parses(string text, int expected)
    {
        Assert.True(SettingParser.TryParseFileMode(text, out UnixFileMode mode));
        Assert.Equal((UnixFileMode)expected, mode);
    }

    [Theory]
    [InlineData("0999")]
    [InlineData("rw-r--r--")]
    [InlineData("4755")]
    [InlineData("")]
    [InlineData("07777")]
    public void TryParseFileMode_NotPermissionOctal_Fails(string text) => Assert.False(SettingParser.TryParseFileMode(text, out _));

    [Fact]
    public void FormatFileMode_PrintsFourOctalDigits() => Assert.Equal("0440", SettingParser.FormatFileMode((UnixFileMode)0x120));
}
