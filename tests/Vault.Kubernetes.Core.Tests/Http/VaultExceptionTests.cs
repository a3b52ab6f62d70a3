// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using Vault.Kubernetes.Http;

namespace Vault.Kubernetes.Core.Tests.Http;

public sealed class VaultExceptionTests
{
    [Fact]
    public void Message_Multierror_NamesPathStatusAndFlattenedErrors()
    {
        var ex = new VaultException(403, "secret/data/app", ["2 errors occurred:\n\t* permission denied\n\t* invalid token\n\n"], "req-1");

        Assert.Equal("Vault request to 'secret/data/app' failed with status 403: permission denied; invalid token.", ex.Message);
        Assert.Equal("req-1", ex.RequestId);
        Assert.True(ex.IsInvalidToken);
        Assert.True(ex.IsPermissionDenied);
        Assert.False(ex.IsNoHandler);
    }

    [Fact]
    public void Message_EmptyErrors_NamesPathAndStatusOnly()
    {
        var ex = new VaultException(404, "kv/app", []);

        Assert.Equal("Vault request to 'kv/app' failed with status 404.", ex.Message);
        Assert.Null(ex.RequestId);
        Assert.Empty(ex.Errors);
        Assert.False(ex.IsPermissionDenied);
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(412, true)]
    [InlineData(429, true)]
    [InlineData(500, true)]
    [InlineData(503, true)]
    [InlineData(501, false)]
    [InlineData(400, false)]
    [InlineData(403, false)]
    [InlineData(404, false)]
    public void IsTransient_ByStatus(int status, bool expected)
    {
        Assert.Equal(expected, new VaultException(status, "p", null).IsTransient);
    }

    [Fact]
    public void IsNoHandler_NoRouteError_True()
    {
        var ex = new VaultException(404, "nomount/app", ["no handler for route \"nomount/app\". route entry not found."]);

        Assert.True(ex.IsNoHandler);
        Assert.True(ex.ErrorsContain("ROUTE ENTRY"));
    }

    [Fact]
    public void IsPermissionDenied_PlainStringOn400_MatchedBySubstring()
    {
        Assert.True(new VaultException(400, "p", ["permission denied"]).IsPermissionDenied);
    }
}
