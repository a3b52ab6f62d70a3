// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Text;
using System.Text.Json;
using Vault.Kubernetes.Http;

namespace Vault.Kubernetes.Core.Tests.Http;

public sealed class EnvelopeParserTests
{
    private static EnvelopeWire Parse(string json) => EnvelopeParser.Parse(Encoding.UTF8.GetBytes(json));

    [Fact]
    public void Parse_FullEnvelope_ReadsEveryKey()
    {
        EnvelopeWire envelope = Parse("""
            {"request_id":"r-1","lease_id":"database/creds/ro/abc","renewable":true,"lease_duration":3600,
             "data":{"username":"u","nested":{"a":[1,2]}},"warnings":["w1","w2"],"mount_type":"database",
             "auth":{"client_token":"hvs.x","accessor":"acc","policies":["p"],"lease_duration":60,"renewable":true},
             "wrap_info":{"token":"hvs.w","ttl":300,"creation_path":"sys/wrapping/wrap"}}
            """);

        Assert.Equal("r-1", envelope.RequestId);
        Assert.Equal("database/creds/ro/abc", envelope.LeaseId);
        Assert.True(envelope.Renewable);
        Assert.Equal(3600, envelope.LeaseDuration);
        Assert.Equal("u", envelope.Data!.Value.GetProperty("username").GetString());
        Assert.Equal(2, envelope.Data.Value.GetProperty("nested").GetProperty("a").GetArrayLength());
        Assert.Equal(["w1", "w2"], envelope.Warnings!);
        Assert.Equal("database", envelope.MountType);
        Assert.Equal("hvs.x", envelope.Auth!.ClientToken);
        Assert.Equal(60, envelope.Auth.LeaseDuration);
        Assert.Equal("hvs.w", envelope.WrapInfo!.Token);
        Assert.Equal(300, envelope.WrapInfo.Ttl);
        Assert.Null(envelope.Errors);
    }

    [Fact]
    public void Parse_DataOutlivesTheBuffer()
    {
        byte[] buffer = Encoding.UTF8.GetBytes("""{"data":{"password":"s3cr3t"}}""");
        EnvelopeWire envelope = EnvelopeParser.Parse(buffer);

        // The transport wipes its pooled buffer after parsing; the parsed data must not point into it.
        Array.Clear(buffer);

        Assert.Equal("s3cr3t", envelope.Data!.Value.GetProperty("password").GetString());
    }

    [Fact]
    public void Parse_NullsAndUnknownKeys_Tolerated()
    {
        EnvelopeWire envelope = Parse("""
            {"request_id":null,"data":null,"auth":null,"wrap_info":null,"warnings":null,"renewable":null,
             "lease_duration":null,"future_field":{"deep":[{"x":1}]},"mount_type":null}
            """);

        Assert.Null(envelope.RequestId);
        Assert.Null(envelope.Data);
        Assert.Null(envelope.Auth);
        Assert.Null(envelope.WrapInfo);
        Assert.Null(envelope.Warnings);
        Assert.False(envelope.Renewable);
        Assert.Equal(0, envelope.LeaseDuration);
        Assert.Null(envelope.MountType);
    }

    [Fact]
    public void Parse_ErrorBody_ReadsErrors()
    {
        EnvelopeWire envelope = Parse("""{"errors":["1 error occurred:\n\t* permission denied\n\n"]}""");

        Assert.Equal(["1 error occurred:\n\t* permission denied\n\n"], envelope.Errors!);
        Assert.Null(envelope.Data);
    }

    [Fact]
    public void Parse_QuotedLeaseDuration_Accepted()
    {
        Assert.Equal(768, Parse("""{"lease_duration":"768"}""").LeaseDuration);
    }

    [Fact]
    public void Parse_LaterDuplicateKeyWins()
    {
        Assert.Equal("second", Parse("""{"request_id":"first","request_id":"second"}""").RequestId);
    }

    [Theory]
    [InlineData("""{"lease_duration":"soon"}""", "lease_duration")]
    [InlineData("""{"lease_duration":1.5}""", "lease_duration")]
    [InlineData("""{"request_id":5}""", "request_id")]
    [InlineData("""{"renewable":"yes"}""", "renewable")]
    [InlineData("""{"warnings":"only one"}""", "warnings")]
    [InlineData("""{"errors":[{"code":1}]}""", "errors")]
    [InlineData("""{"auth":"hvs.not-an-object"}""", "auth")]
    [InlineData("""{"wrap_info":[1]}""", "wrap_info")]
    [InlineData("""{"mount_type":true}""", "mount_type")]
    public void Parse_WrongType_NamesTheFieldNotTheValue(string json, string field)
    {
        var ex = Assert.Throws<JsonException>(() => Parse(json));

        Assert.Contains($"'{field}'", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("soon", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hvs.not-an-object", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("only one", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("<html>502 Bad Gateway</html>")]
    [InlineData("[]")]
    [InlineData("\"text\"")]
    [InlineData("""{"data":{"a":1}""")]
    [InlineData("""{"data":{"a":1}} {"data":{}}""")]
    [InlineData("""{"data":{"a":1}} trailing""")]
    public void Parse_NotASingleJsonObject_Throws(string json)
    {
        Assert.ThrowsAny<JsonException>(() => Parse(json));
    }
}
