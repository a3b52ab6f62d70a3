// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Text.Json.Nodes;
using Vault.Kubernetes.Testing.Tests.Infrastructure;

namespace Vault.Kubernetes.Testing.Tests;

public sealed class EnvelopeTests
{
    private static readonly string[] s_envelopeKeys =
        ["request_id", "lease_id", "renewable", "lease_duration", "data", "wrap_info", "warnings", "auth", "mount_type"];

    [Fact]
    public async Task Read_KvV2Secret_EmitsEveryEnvelopeKey()
    {
        await using VaultTarget vault = await VaultTarget.StartAsync();
        string key = VaultTarget.Unique("env");
        await vault.PostAsync("secret/data/" + key, new { data = new { a = "b" } });

        VaultReply read = await vault.GetAsync("secret/data/" + key);

        Assert.Equal(200, read.Status);
        JsonObject body = read.Json!.AsObject();
        foreach (string name in s_envelopeKeys)
        {
            Assert.True(body.ContainsKey(name), $"missing envelope key {name}");
        }

        Assert.Null(body["wrap_info"]);
        Assert.Null(body["warnings"]);
        Assert.Null(body["auth"]);
        Assert.Equal(string.Empty, body["lease_id"]!.GetValue<string>());
        Assert.False(body["renewable"]!.GetValue<bool>());
        Assert.Equal(0, body["lease_duration"]!.GetValue<long>());
        Assert.Equal("kv", body["mount_type"]!.GetValue<string>());
        Assert.True(Guid.TryParse(body["request_id"]!.GetValue<string>(), out _));
    }

    [Fact]
    public async Task Read_EachRequest_GetsADistinctRequestId()
    {
        await using VaultTarget vault = await VaultTarget.StartAsync();

        VaultReply first = await vault.GetAsync("auth/token/lookup-self");
        VaultReply second = await vault.GetAsync("auth/token/lookup-self");

        Assert.NotEqual(first.Json!["request_id"]!.GetValue<string>(), second.Json!["request_id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Write_KvV1_Returns204WithEmptyBody()
    {
        await using VaultTarget vault = await VaultTarget.StartAsync();

        VaultReply write = await vault.PostAsync("kv/" + VaultTarget.Unique("env"), new { a = "b" });

        Assert.Equal(204, write.Status);
        Assert.Equal(string.Empty, write.Body);
    }

    [Fact]
    public async Task Read_Missing_Returns404WithEmptyErrorsArray()
    {
        await using VaultTarget vault = await VaultTarget.StartAsync();

        VaultReply read = await vault.GetAsync("secret/data/" + VaultTarget.Unique("missing"));

        Assert.Equal(404, read.Status);
        Assert.Equal("""{"errors":[]}""", read.Body.Trim());
    }

    [Fact]
    public async Task Responses_CarryJsonContentTypeAndNoStore()
    {
        await using VaultTarget vault = await VaultTarget.StartAsync();

        VaultReply read = await vault.GetAsync("auth/token/lookup-self");

        Assert.Equal("application/json", read.ContentHeaders.ContentType!.MediaType);
        Assert.Contains("no-store", read.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Write_PathEndingInSlash_Returns400()
    {
        await using VaultTarget vault = await VaultTarget.StartAsync();

        VaultReply write = await vault.PostAsync("kv/folder/", new { a = "b" });

        write.AssertError(400, "cannot write to a path ending in '/'");
    }

    [Fact]
    public async Task Patch_WithoutMergePatchContentType_Returns415()
    {
        await using VaultTarget vault = await VaultTarget.StartAsync();

        VaultReply patch = await vault.SendAsync(HttpMethod.Patch, "secret/data/" + VaultTarget.Unique("p"), new { data = new { a = "b" } });

        Assert.Equal(415, patch.Status);
    }

    [Fact]
    public async Task UnknownVerb_Returns405()
    {
        await using VaultTarget vault = await VaultTarget.StartAsync();

        VaultReply reply = await vault.SendAsync(new HttpMethod("FROB"), "secret/data/x", null, vault.RootToken);

        Assert.Equal(405, reply.Status);
    }
}
