// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Net;
using System.Text.Json;
using Vault.Kubernetes.Http;
using Vault.Kubernetes.Secrets;

namespace Vault.Kubernetes.Core.Tests.Http;

/// <summary>Envelope and error-body parsing for the status codes and shapes of reference §1.3-1.5 and §11.</summary>
public sealed class VaultClientEnvelopeTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<VaultResponse?> SendAsync(HttpStatusCode status, string? body, Action<HttpResponseMessage>? configure = null)
    {
        var handler = new FakeVaultHandler().Respond(status, body, configure);
        using VaultClient client = TestClients.Create(handler, new FakeTokenProvider("hvs.t"), o => o.MaxRetries = 0);
        return await client.SendAsync(HttpMethod.Get, "some/path", cancellationToken: Ct);
    }

    [Fact]
    public async Task Send_200FullEnvelope_ParsesEveryKey()
    {
        VaultResponse? response = await SendAsync(HttpStatusCode.OK, """
            {"request_id":"8f2c1a7e-0b1d","lease_id":"database/creds/ro/abc","renewable":true,"lease_duration":9223372036,
             "data":{"k":"v"},"wrap_info":null,"warnings":["w1","w2"],"auth":null,"mount_type":"database"}
            """);

        Assert.NotNull(response);
        Assert.Equal("8f2c1a7e-0b1d", response.RequestId);
        Assert.Equal("database/creds/ro/abc", response.LeaseId);
        Assert.True(response.Renewable);
        Assert.Equal(TimeSpan.FromSeconds(9223372036), response.LeaseDuration);
        Assert.Equal("v", response.Data!.Value.GetProperty("k").GetString());
        Assert.Equal(["w1", "w2"], response.Warnings);
        Assert.Null(response.Auth);
        Assert.Null(response.WrapInfo);
        Assert.Equal("database", response.MountType);
        Assert.Equal(200, response.StatusCode);
    }

    [Fact]
    public async Task Send_EnvelopeWithoutMountTypeAndNullData_Tolerated()
    {
        VaultResponse? response = await SendAsync(HttpStatusCode.OK, """{"request_id":"r","lease_id":"","renewable":false,"lease_duration":0,"data":null,"wrap_info":null,"warnings":null,"auth":null}""");

        Assert.NotNull(response);
        Assert.Null(response.MountType);
        Assert.Null(response.Data);
        Assert.Empty(response.Warnings);
        Assert.Equal(TimeSpan.Zero, response.LeaseDuration);
    }

    [Theory]
    [InlineData(HttpStatusCode.NoContent, null)]
    [InlineData(HttpStatusCode.Accepted, null)]
    [InlineData(HttpStatusCode.OK, "")]
    public async Task Send_EmptySuccess_ReturnsEmptyResponseWithStatus(HttpStatusCode status, string? body)
    {
        VaultResponse? response = await SendAsync(status, body);

        Assert.NotNull(response);
        Assert.Equal((int)status, response.StatusCode);
        Assert.Equal(string.Empty, response.RequestId);
        Assert.Null(response.Data);
    }

    [Fact]
    public async Task Send_202WithEnvelope_ParsesIt()
    {
        VaultResponse? response = await SendAsync(HttpStatusCode.Accepted, """{"request_id":"async","data":null,"warnings":null}""");

        Assert.Equal(202, response!.StatusCode);
        Assert.Equal("async", response.RequestId);
    }

    [Fact]
    public async Task Send_WrappedResponse_ParsesWrapInfoAndHidesToken()
    {
        VaultResponse? response = await SendAsync(HttpStatusCode.OK, """
            {"request_id":"","lease_id":"","renewable":false,"lease_duration":0,"data":null,"warnings":null,"auth":null,
             "wrap_info":{"token":"hvs.wrapping-secret","accessor":"wacc","ttl":300,"creation_time":"2025-03-01T10:00:00.123Z",
                          "creation_path":"database/creds/readonly","wrapped_accessor":""}}
            """);

        VaultWrapInfo wrap = Assert.IsType<VaultWrapInfo>(response!.WrapInfo);
        Assert.Equal("hvs.wrapping-secret", wrap.Token.Reveal());
        Assert.Equal("wacc", wrap.Accessor);
        Assert.Equal(TimeSpan.FromMinutes(5), wrap.Ttl);
        Assert.Equal(new DateTimeOffset(2025, 3, 1, 10, 0, 0, 123, TimeSpan.Zero), wrap.CreationTime);
        Assert.Equal("database/creds/readonly", wrap.CreationPath);
        Assert.Null(wrap.WrappedAccessor);
        Assert.DoesNotContain("hvs.wrapping-secret", wrap.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("hvs.wrapping-secret", response.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_404EmptyErrors_ReturnsNull()
    {
        Assert.Null(await SendAsync(HttpStatusCode.NotFound, VaultJson.EmptyErrors));
    }

    [Fact]
    public async Task Send_404NoHandler_ThrowsNoHandler()
    {
        var ex = await Assert.ThrowsAsync<VaultException>(() => SendAsync(HttpStatusCode.NotFound, VaultJson.NoHandler));

        Assert.Equal(404, ex.StatusCode);
        Assert.True(ex.IsNoHandler);
        Assert.Equal("some/path", ex.Path);
    }

    [Fact]
    public async Task Send_404WithEnvelopeNoErrorsKey_ReturnsEnvelopeWithStatus404()
    {
        VaultResponse? response = await SendAsync(HttpStatusCode.NotFound, """
            {"request_id":"r","lease_id":"","renewable":false,"lease_duration":0,"data":null,"wrap_info":null,
             "warnings":["Invalid path for a versioned K/V secrets engine. See the API docs for the appropriate API endpoints to use. If using the Vault CLI, use 'vault kv get' for this operation."],
             "auth":null,"mount_type":"kv"}
            """);

        Assert.Equal(404, response!.StatusCode);
        Assert.Contains("Invalid path for a versioned K/V", Assert.Single(response.Warnings), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(400, """{"errors":["missing client token"]}""", "missing client token")]
    [InlineData(403, """{"errors":["permission denied"]}""", "permission denied")]
    [InlineData(403, """{"errors":["1 error occurred:\n\t* permission denied\n\n"]}""", "permission denied")]
    [InlineData(405, """{"errors":["1 error occurred:\n\t* unsupported operation\n\n"]}""", "unsupported operation")]
    [InlineData(413, """{"errors":["http: request body too large"]}""", "request body too large")]
    [InlineData(415, """{"errors":["PATCH requires Content-Type of application/merge-patch+json, provided \"application/json\""]}""", "merge-patch")]
    [InlineData(423, """{"errors":["user locked out"]}""", "locked")]
    [InlineData(501, """{"errors":["Vault is not initialized"]}""", "not initialized")]
    public async Task Send_ErrorStatus_ThrowsWithErrorsAndStatus(int status, string body, string expected)
    {
        var ex = await Assert.ThrowsAsync<VaultException>(() => SendAsync((HttpStatusCode)status, body));

        Assert.Equal(status, ex.StatusCode);
        Assert.Single(ex.Errors);
        Assert.True(ex.ErrorsContain(expected));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.Contains("'some/path'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_500EmptyErrorsArray_ThrowsWithEmptyErrors()
    {
        var ex = await Assert.ThrowsAsync<VaultException>(() => SendAsync(HttpStatusCode.InternalServerError, VaultJson.EmptyErrors));

        Assert.Equal(500, ex.StatusCode);
        Assert.Empty(ex.Errors);
    }

    [Fact]
    public async Task Send_502HtmlFromProxy_ThrowsWithStatusAndNoBody()
    {
        var ex = await Assert.ThrowsAsync<VaultException>(() => SendAsync(HttpStatusCode.BadGateway, "<html>bad gateway secret-ish</html>"));

        Assert.Equal(502, ex.StatusCode);
        Assert.Empty(ex.Errors);
        Assert.DoesNotContain("html", ex.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Send_200NotJson_ThrowsWithoutEchoingBody()
    {
        var ex = await Assert.ThrowsAsync<VaultException>(() => SendAsync(HttpStatusCode.OK, "not json p@ss"));

        Assert.Equal(200, ex.StatusCode);
        Assert.Contains("not valid JSON", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("p@ss", ex.Message, StringComparison.Ordinal);
        Assert.IsType<JsonException>(ex.InnerException, exactMatch: false);
    }

    [Fact]
    public async Task Send_ErrorWithRequestId_CarriesRequestId()
    {
        var ex = await Assert.ThrowsAsync<VaultException>(() => SendAsync(HttpStatusCode.BadRequest, """{"request_id":"rq-9","errors":["lease not found"]}"""));

        Assert.Equal("rq-9", ex.RequestId);
    }

    [Fact]
    public void ToString_ResponseWithDataAndAuth_NeverPrintsThem()
    {
        VaultResponse response = VaultModelFactory.VaultResponse(
            requestId: "r1",
            data: JsonDocument.Parse("""{"password":"p@ss-very-secret-value"}""").RootElement,
            auth: VaultModelFactory.VaultAuthInfo(new Vault.Kubernetes.Http.SecretString(VaultJson.ClientToken), accessor: "acc"));

        string text = response.ToString();

        Assert.DoesNotContain(VaultJson.SecretValue, text, StringComparison.Ordinal);
        Assert.DoesNotContain(VaultJson.ClientToken, text, StringComparison.Ordinal);
        Assert.Contains("r1", text, StringComparison.Ordinal);
        Assert.Contains("acc", text, StringComparison.Ordinal);
        Assert.DoesNotContain(VaultJson.ClientToken, response.Auth!.ToString(), StringComparison.Ordinal);
    }
}
