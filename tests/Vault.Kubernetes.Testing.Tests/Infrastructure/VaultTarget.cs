// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;

namespace Vault.Kubernetes.Testing.Tests.Infrastructure;

/// <summary>
/// The server under test: an in-process <see cref="VaultDevServer"/>, or a real Vault when VAULT_ADDR and VAULT_TOKEN are set.
/// Tests speak raw HTTP + JSON so they hold the dev server to Vault's wire contract, not to our client's reading of it.
/// </summary>
public sealed class VaultTarget : IAsyncDisposable
{
    private VaultTarget(Uri address, string rootToken, VaultDevServer? server, HttpMessageHandler? handler = null)
    {
        Address = address;
        RootToken = rootToken;
        Server = server;
        Http = new HttpClient(handler ?? new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false })
        {
            BaseAddress = address,
            Timeout = TimeSpan.FromSeconds(30),
        };
    }

    /// <summary>Gets the server base address.</summary>
    public Uri Address { get; }

    /// <summary>Gets a root (or at least fully privileged) token.</summary>
    public string RootToken { get; }

    /// <summary>Gets the in-process server, or null when running against a real Vault.</summary>
    public VaultDevServer? Server { get; }

    /// <summary>Gets a client with redirects disabled.</summary>
    public HttpClient Http { get; }

    /// <summary>Gets a value indicating whether tests run against a real Vault (VAULT_ADDR/VAULT_TOKEN).</summary>
    public static bool IsRemote =>
        !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("VAULT_ADDR")) &&
        !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("VAULT_TOKEN"));

    /// <summary>Starts an in-process server (or connects to the real Vault) and makes sure kv/ (v1) and secret/ (v2) exist.</summary>
    public static async Task<VaultTarget> StartAsync(VaultDevServerOptions? options = null)
    {
        if (IsRemote)
        {
            string address = Environment.GetEnvironmentVariable("VAULT_ADDR")!;
            var remote = new VaultTarget(new Uri(address.EndsWith('/') ? address : address + "/"), Environment.GetEnvironmentVariable("VAULT_TOKEN")!, null, RemoteHandler());
            await remote.SendAsync(HttpMethod.Post, "sys/mounts/kv", new { type = "kv", options = new { version = "1" } });
            await remote.SendAsync(HttpMethod.Post, "sys/mounts/secret", new { type = "kv", options = new { version = "2" } });
            return remote;
        }

        VaultDevServer server = await VaultDevServer.StartAsync(options, TestContext.Current.CancellationToken);
        return new VaultTarget(server.Address, server.RootToken, server);
    }

    /// <summary>A handler for a real Vault: trusts VAULT_CACERT when given, or skips verification when VAULT_SKIP_VERIFY=true.</summary>
    private static SocketsHttpHandler RemoteHandler()
    {
        var handler = new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false };
        string? caPath = Environment.GetEnvironmentVariable("VAULT_CACERT");
        bool skipVerify = string.Equals(Environment.GetEnvironmentVariable("VAULT_SKIP_VERIFY"), "true", StringComparison.OrdinalIgnoreCase);
        if (skipVerify)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
        }
        else if (!string.IsNullOrEmpty(caPath))
        {
            var ca = X509Certificate2.CreateFromPemFile(caPath);
            handler.SslOptions.RemoteCertificateValidationCallback = Vault.Kubernetes.Testing.Tls.CustomRootTrust.Callback([ca]);
        }

        return handler;
    }

    /// <summary>Returns the in-process server, or skips the test when running against a real Vault.</summary>
    public VaultDevServer RequireServer()
    {
        if (Server is null)
        {
            Assert.Skip("Needs in-process dev server handles (not available against a real Vault).");
        }

        return Server;
    }

    /// <summary>A unique name so tests can share a real Vault.</summary>
    public static string Unique(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..10];

    /// <summary>Sends a request with the root token.</summary>
    public Task<VaultReply> SendAsync(HttpMethod method, string path, object? body = null) => SendAsync(method, path, body, RootToken);

    /// <summary>Sends a request with <paramref name="token"/> (null: no token header).</summary>
    public async Task<VaultReply> SendAsync(HttpMethod method, string path, object? body, string? token, Action<HttpRequestMessage>? configure = null)
    {
        using var request = new HttpRequestMessage(method, "v1/" + path);
        if (token is not null)
        {
            request.Headers.Add("X-Vault-Token", token);
        }

        if (body is not null)
        {
            string json = body as string ?? System.Text.Json.JsonSerializer.Serialize(body);
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        configure?.Invoke(request);
        using HttpResponseMessage response = await Http.SendAsync(request, TestContext.Current.CancellationToken);
        string text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        JsonNode? json2 = text.Length > 0 ? JsonNode.Parse(text) : null;
        return new VaultReply((int)response.StatusCode, text, json2, response.Headers, response.Content.Headers);
    }

    /// <summary>GET.</summary>
    public Task<VaultReply> GetAsync(string path, string? token = null) => SendAsync(HttpMethod.Get, path, null, token ?? RootToken);

    /// <summary>POST with a JSON body.</summary>
    public Task<VaultReply> PostAsync(string path, object? body, string? token = null) => SendAsync(HttpMethod.Post, path, body, token ?? RootToken);

    /// <summary>DELETE.</summary>
    public Task<VaultReply> DeleteAsync(string path, string? token = null) => SendAsync(HttpMethod.Delete, path, null, token ?? RootToken);

    /// <summary>LIST (custom verb).</summary>
    public Task<VaultReply> ListAsync(string path, string? token = null) => SendAsync(new HttpMethod("LIST"), path, null, token ?? RootToken);

    /// <summary>Creates a policy over HTTP (works on a real Vault too).</summary>
    public async Task CreatePolicyAsync(string name, string hcl)
    {
        VaultReply reply = await SendAsync(HttpMethod.Put, "sys/policies/acl/" + name, new { policy = hcl });
        Assert.Equal(204, reply.Status);
    }

    /// <summary>Creates a token over HTTP; returns the reply (auth block in reply.Auth).</summary>
    public async Task<string> CreateTokenAsync(object body)
    {
        VaultReply reply = await PostAsync("auth/token/create", body);
        Assert.Equal(200, reply.Status);
        return reply.Auth!["client_token"]!.GetValue<string>();
    }

    /// <summary>Creates a token whose policy allows auth/token/create (the default policy does not).</summary>
    public async Task<string> CreateTokenCreatorAsync()
    {
        string policy = Unique("creator");
        await CreatePolicyAsync(policy, """path "auth/token/create" { capabilities = ["create", "update"] }""");
        return await CreateTokenAsync(new { policies = new[] { policy }, ttl = "1h" });
    }

    /// <summary>Mounts a fresh engine at a unique path; disposing the result unmounts it (keeps a shared real Vault clean).</summary>
    public async Task<TemporaryMount> MountAsync(object body)
    {
        string path = Unique("mnt");
        VaultReply reply = await PostAsync("sys/mounts/" + path, body);
        Assert.Equal(204, reply.Status);
        return new TemporaryMount(this, path);
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (Server is not null)
        {
            await Server.DisposeAsync();
        }
    }
}

/// <summary>One HTTP reply.</summary>
public sealed record VaultReply(int Status, string Body, JsonNode? Json, HttpResponseHeaders Headers, HttpContentHeaders ContentHeaders)
{
    /// <summary>Gets the envelope data.</summary>
    public JsonNode? Data => Json?["data"];

    /// <summary>Gets the envelope auth block.</summary>
    public JsonNode? Auth => Json?["auth"];

    /// <summary>Gets the errors array as strings (empty when absent).</summary>
    public IReadOnlyList<string> Errors => Json?["errors"] is JsonArray errors ? [.. errors.Select(e => e!.GetValue<string>())] : [];

    /// <summary>Asserts the status and that some error contains <paramref name="fragment"/> (Vault errors are matched by substring).</summary>
    public void AssertError(int status, string fragment)
    {
        Assert.Equal(status, Status);
        Assert.Contains(Errors, e => e.Contains(fragment, StringComparison.Ordinal));
    }

    /// <summary>Gets the warnings as strings (empty when null).</summary>
    public IReadOnlyList<string> Warnings => Json?["warnings"] is JsonArray warnings ? [.. warnings.Select(e => e!.GetValue<string>())] : [];
}

/// <summary>A mount that is removed on dispose.</summary>
public sealed class TemporaryMount(VaultTarget vault, string path) : IAsyncDisposable
{
    /// <summary>Gets the mount path.</summary>
    public string Path { get; } = path;

    /// <inheritdoc/>
    public async ValueTask DisposeAsync() => await vault.DeleteAsync("sys/mounts/" + Path);
}
