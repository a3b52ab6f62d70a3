// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using Microsoft.Extensions.Time.Testing;
using Vault.Kubernetes.Testing.Tests.Infrastructure;
using Vault.Kubernetes.Testing.Tests.Leases;
using static Vault.Kubernetes.Testing.Tests.Leases.PluginServer;

namespace Vault.Kubernetes.Testing.Tests.Wrapping;

public sealed class WrappingHttpTests : IAsyncLifetime
{
    private const string InvalidWrappingToken = "wrapping token is not valid or does not exist";
    private VaultTarget _vault = null!;
    private FakeTimeProvider _time = null!;

    public async ValueTask InitializeAsync()
    {
        (_vault, _time) = await PluginServer.StartAsync();
        await MountDatabaseAsync(_vault, "db", "1h", "4h");
    }

    public async ValueTask DisposeAsync() => await _vault.DisposeAsync();

    [Fact]
    public async Task WrapTtlHeader_ReturnsOnlyWrapInfo()
    {
        VaultReply wrapped = await GetWrappedAsync("db/creds/ro", "60s");

        Assert.Equal(200, wrapped.Status);
        Assert.Null(wrapped.Json!["data"]);
        Assert.Equal("", (string?)wrapped.Json!["lease_id"]);
        Assert.Equal(0, (long)wrapped.Json!["lease_duration"]!);
        var info = wrapped.Json!["wrap_info"]!;
        Assert.StartsWith("hvs.", (string?)info["token"], StringComparison.Ordinal);
        Assert.Equal(24, ((string?)info["accessor"])!.Length);
        Assert.Equal(60, (long)info["ttl"]!);
        Assert.Equal("2026-01-31T12:00:00Z", (string?)info["creation_time"]);
        Assert.Equal("db/creds/ro", (string?)info["creation_path"]);
        Assert.Null(info["wrapped_accessor"]);
    }

    [Fact]
    public async Task Unwrap_WithWrappingTokenInHeader_ReturnsOriginalOnce()
    {
        string token = (string)(await GetWrappedAsync("db/creds/ro", "5m")).Json!["wrap_info"]!["token"]!;

        VaultReply unwrapped = await _vault.PostAsync("sys/wrapping/unwrap", null, token);

        Assert.Equal(200, unwrapped.Status);
        Assert.Matches("^db/creds/ro/", (string?)unwrapped.Json!["lease_id"]);
        Assert.Equal(3600, (long)unwrapped.Json!["lease_duration"]!);
        Assert.True((bool)unwrapped.Json!["renewable"]!);
        Assert.Equal("database", (string?)unwrapped.Json!["mount_type"]);
        Assert.True(_vault.Server!.Database.IsValid((string)unwrapped.Data!["username"]!, (string)unwrapped.Data!["password"]!));
        AssertError(await _vault.PostAsync("sys/wrapping/unwrap", null, token), 400, InvalidWrappingToken);
    }

    [Fact]
    public async Task Unwrap_WithTokenInBody_ByAnotherCaller()
    {
        string token = (string)(await GetWrappedAsync("db/creds/ro", "5m")).Json!["wrap_info"]!["token"]!;

        Assert.Equal(200, (await _vault.PostAsync("sys/wrapping/unwrap", new { token })).Status);
        AssertError(await _vault.PostAsync("sys/wrapping/unwrap", new { token }), 400, InvalidWrappingToken);
    }

    [Fact]
    public async Task Unwrap_AfterTtl_Invalid()
    {
        string token = (string)(await GetWrappedAsync("db/creds/ro", "60")).Json!["wrap_info"]!["token"]!;

        _time.Advance(TimeSpan.FromSeconds(60));

        AssertError(await _vault.PostAsync("sys/wrapping/unwrap", null, token), 400, InvalidWrappingToken);
        AssertError(await _vault.PostAsync("sys/wrapping/unwrap", new { token }), 400, InvalidWrappingToken);
    }

    [Fact]
    public async Task Unwrap_UnknownToken_Invalid()
    {
        AssertError(await _vault.PostAsync("sys/wrapping/unwrap", null, "hvs.notawrappingtoken00000"), 400, InvalidWrappingToken);
    }

    [Fact]
    public async Task Unwrap_BodyTokenWithInvalidCaller_Forbidden()
    {
        string token = (string)(await GetWrappedAsync("db/creds/ro", "5m")).Json!["wrap_info"]!["token"]!;

        VaultReply reply = await _vault.PostAsync("sys/wrapping/unwrap", new { token }, "hvs.bogus");

        Assert.Equal(403, reply.Status);
        Assert.Contains("invalid token", reply.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WrappedLogin_CarriesWrappedAccessor()
    {
        _vault.Server!.Kubernetes.EnableAuth();
        _vault.Server.Kubernetes.WriteRole("app", new Dictionary<string, object?> { ["bound_service_account_names"] = "*", ["bound_service_account_namespaces"] = "*" });
        string jwt = _vault.Server.Kubernetes.IssueToken("shop", "web");

        VaultReply wrapped = await _vault.SendAsync(HttpMethod.Post, "auth/kubernetes/login", new { role = "app", jwt }, null, r => r.Headers.Add("X-Vault-Wrap-TTL", "2m"));
        VaultReply unwrapped = await _vault.PostAsync("sys/wrapping/unwrap", null, (string)wrapped.Json!["wrap_info"]!["token"]!);

        Assert.Null(wrapped.Auth);
        Assert.Equal((string?)unwrapped.Auth!["accessor"], (string?)wrapped.Json!["wrap_info"]!["wrapped_accessor"]);
        Assert.Equal(200, (await _vault.GetAsync("auth/token/lookup-self", (string)unwrapped.Auth!["client_token"]!)).Status);
    }

    [Fact]
    public async Task Lookup_DoesNotConsumeToken()
    {
        string token = (string)(await GetWrappedAsync("db/creds/ro", "5m")).Json!["wrap_info"]!["token"]!;

        VaultReply lookup = await _vault.PostAsync("sys/wrapping/lookup", new { token }, token: null);

        Assert.Equal(200, lookup.Status);
        Assert.Equal("db/creds/ro", (string?)lookup.Data!["creation_path"]);
        Assert.Equal(300, (long)lookup.Data!["creation_ttl"]!);
        Assert.Equal(200, (await _vault.PostAsync("sys/wrapping/unwrap", null, token)).Status);
    }

    [Fact]
    public async Task WrapEndpoint_WrapsBodyData_AndRequiresWrapTtl()
    {
        VaultReply wrapped = await _vault.SendAsync(HttpMethod.Post, "sys/wrapping/wrap", new { secret = "value" }, _vault.RootToken, r => r.Headers.Add("X-Vault-Wrap-TTL", "1m"));

        Assert.Equal(200, wrapped.Status);
        Assert.Equal("sys/wrapping/wrap", (string?)wrapped.Json!["wrap_info"]!["creation_path"]);
        VaultReply unwrapped = await _vault.PostAsync("sys/wrapping/unwrap", null, (string)wrapped.Json!["wrap_info"]!["token"]!);
        Assert.Equal("value", (string?)unwrapped.Data!["secret"]);
        AssertError(await _vault.PostAsync("sys/wrapping/wrap", new { secret = "value" }), 400, "endpoint requires response wrapping to be used");
    }

    [Fact]
    public async Task Errors_AreNeverWrapped()
    {
        VaultReply reply = await GetWrappedAsync("db/creds/missing", "60s");

        AssertError(reply, 400, "unknown role: missing");
        Assert.DoesNotContain("wrap_info", reply.Body, StringComparison.Ordinal);
    }

    private Task<VaultReply> GetWrappedAsync(string path, string ttl) =>
        _vault.SendAsync(HttpMethod.Get, path, null, _vault.RootToken, r => r.Headers.Add("X-Vault-Wrap-TTL", ttl));
}
