// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Text;
using Vault.Kubernetes.Core.Tests.Http;
using Vault.Kubernetes.Http;
using Vault.Kubernetes.Secrets;
using Vault.Kubernetes.Testing;

namespace Vault.Kubernetes.Core.Tests.Secrets;

/// <summary>Vault (Go's JSON decoder) accepts secrets nested far deeper than System.Text.Json's default of 64 levels: so must the dev server and the client.</summary>
public sealed class DeepJsonTests
{
    private const int Depth = 200;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task KvV2_SecretNested200Levels_WrittenOverHttpAndReadBackByTheClient()
    {
        await using VaultDevServer server = await VaultDevServer.StartAsync(cancellationToken: Ct);
        using HttpResponseMessage written = await PostAsync(server, "{\"data\":" + Nested(Depth) + "}");
        Assert.True(written.IsSuccessStatusCode, await written.Content.ReadAsStringAsync(Ct));

        using VaultClient client = new VaultClient(new VaultClientOptions { Address = server.Address }).WithTokenProvider(new FakeTokenProvider(server.RootToken));
        KvSecret secret = await client.ReadKvV2Async("secret", "deep", cancellationToken: Ct);

        Assert.Equal("bottom", Leaf(secret.Data["level"], Depth - 1));
    }

    [Fact]
    public async Task KvV2_SecretNested200LevelsWrittenInProcess_ReadBackOverHttp()
    {
        await using VaultDevServer server = await VaultDevServer.StartAsync(cancellationToken: Ct);
        object? value = "bottom";
        for (int i = 0; i < Depth; i++)
        {
            value = new Dictionary<string, object?> { ["level"] = value };
        }

        server.WriteKvSecret("secret", "deep", (Dictionary<string, object?>)value!);

        using VaultClient client = new VaultClient(new VaultClientOptions { Address = server.Address }).WithTokenProvider(new FakeTokenProvider(server.RootToken));
        KvSecret secret = await client.ReadKvV2Async("secret", "deep", cancellationToken: Ct);

        Assert.Equal("bottom", Leaf(secret.Data["level"], Depth - 1));
    }

    [Fact]
    public async Task Read_AnswerNestedBeyondTheLimit_FailsSayingSo()
    {
        var handler = new FakeVaultHandler().Respond(System.Net.HttpStatusCode.OK, "{\"data\":" + Nested(1100) + "}");
        using VaultClient client = TestClients.Create(handler, new FakeTokenProvider("hvs.t"));

        VaultException error = await Assert.ThrowsAsync<VaultException>(() => client.ReadAsync("kv/deep", Ct));

        Assert.Contains("deeper than 1000 levels", error.Message, StringComparison.Ordinal);
        Assert.Contains("kv/deep", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DevServer_BodyNestedBeyondTheLimit_Answers400NamingTheDepth()
    {
        await using VaultDevServer server = await VaultDevServer.StartAsync(cancellationToken: Ct);
        using HttpResponseMessage response = await PostAsync(server, "{\"data\":" + Nested(1100) + "}");

        Assert.Equal(400, (int)response.StatusCode);
        Assert.Contains("depth of 1000", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    /// <summary>Writes secret/deep with a raw body, as curl would: no serializer in between to impose its own depth limit.</summary>
    private static async Task<HttpResponseMessage> PostAsync(VaultDevServer server, string body)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(server.Address, "v1/secret/data/deep"))
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Vault-Token", server.RootToken);
        return await http.SendAsync(request, Ct);
    }

    private static string Nested(int depth)
    {
        var json = new StringBuilder();
        json.Insert(0, "\"bottom\"");
        for (int i = 0; i < depth; i++)
        {
            json.Insert(0, "{\"level\":").Append('}');
        }

        return json.ToString();
    }

    private static string? Leaf(System.Text.Json.JsonElement element, int levels)
    {
        for (int i = 0; i < levels; i++)
        {
            element = element.GetProperty("level");
        }

        return element.GetString();
    }
}
