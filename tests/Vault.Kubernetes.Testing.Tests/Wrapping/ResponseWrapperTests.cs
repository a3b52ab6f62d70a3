// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using Vault.Kubernetes.Testing.Internal;
using Vault.Kubernetes.Testing.Leases;
using Vault.Kubernetes.Testing.Wrapping;

namespace Vault.Kubernetes.Testing.Tests.Wrapping;

public sealed class ResponseWrapperTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 31, 12, 0, 0, TimeSpan.Zero));
    private readonly ResponseWrapper _wrapper;

    public ResponseWrapperTests()
    {
        _wrapper = new ResponseWrapper(_time);
    }

    [Fact]
    public void Unwrap_ReturnsOriginalOnce()
    {
        var response = new JsonObject { ["data"] = new JsonObject { ["password"] = "s3cret" } };
        WrapInfo info = _wrapper.Wrap(response, TimeSpan.FromMinutes(5), "database/creds/readonly");
        response["data"]!["password"] = "changed-after-wrap";

        JsonObject unwrapped = _wrapper.Unwrap(info.Token);

        Assert.Equal("s3cret", (string?)unwrapped["data"]!["password"]);
        var ex = Assert.Throws<VaultRequestException>(() => _wrapper.Unwrap(info.Token));
        Assert.Equal(400, ex.StatusCode);
        Assert.Equal("wrapping token is not valid or does not exist", ex.Message);
    }

    [Fact]
    public void Wrap_InfoHasTokenAccessorTtlAndPath()
    {
        WrapInfo info = _wrapper.Wrap(new JsonObject(), TimeSpan.FromSeconds(300), "auth/kubernetes/login", "acc123");

        Assert.StartsWith("hvs.", info.Token, StringComparison.Ordinal);
        Assert.Equal(24, info.Accessor.Length);
        Assert.Equal(TimeSpan.FromSeconds(300), info.Ttl);
        Assert.Equal(_time.GetUtcNow(), info.CreationTime);
        Assert.Equal("auth/kubernetes/login", info.CreationPath);
        Assert.Equal("acc123", info.WrappedAccessor);
        Assert.True(_wrapper.IsWrappingToken(info.Token));
        Assert.Same(info, _wrapper.Lookup(info.Token));
    }

    [Fact]
    public void Unwrap_AfterTtl_Invalid()
    {
        WrapInfo info = _wrapper.Wrap(new JsonObject(), TimeSpan.FromMinutes(5), "p");

        _time.Advance(TimeSpan.FromMinutes(5));

        Assert.False(_wrapper.IsWrappingToken(info.Token));
        Assert.Throws<VaultRequestException>(() => _wrapper.Unwrap(info.Token));
        Assert.Throws<VaultRequestException>(() => _wrapper.Lookup(info.Token));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("hvs.unknown")]
    public void Unwrap_UnknownToken_Invalid(string? token)
    {
        Assert.Equal("wrapping token is not valid or does not exist", Assert.Throws<VaultRequestException>(() => _wrapper.Unwrap(token)).Message);
    }
}
