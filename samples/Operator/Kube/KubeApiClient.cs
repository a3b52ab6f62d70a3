// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;

namespace Vault.Kubernetes.Operator.Kube;

/// <summary>The operator's Kubernetes API access: JSON in, JSON out, over one pooled connection.</summary>
/// <remarks>
/// Raw <see cref="JsonObject"/>s instead of generated models keep custom resources, Secrets and patches on one code path, hold
/// only what a response carries, and need no reflection-based serializer (the KubernetesClient models are used for leader election only).
/// </remarks>
internal sealed class KubeApiClient : IDisposable
{
    private static readonly MediaTypeHeaderValue s_json = new("application/json");
    private readonly HttpClient _http;
    private readonly KubernetesClientConfiguration _configuration;

    public KubeApiClient(KubernetesClientConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        _configuration = configuration;
        var handler = new SocketsHttpHandler
        {
            UseCookies = false,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(2),
            EnableMultipleHttp2Connections = true,
        };
        if (configuration.SkipTlsVerify)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
        }
        else if (configuration.SslCaCerts is { Count: > 0 } roots)
        {
            var policy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
            policy.CustomTrustStore.AddRange(roots);
            handler.SslOptions.CertificateChainPolicy = policy;
        }

        _http = new HttpClient(handler) { BaseAddress = new Uri(configuration.Host.TrimEnd('/') + "/"), Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>Gets an object, or <see langword="null"/> when it does not exist.</summary>
    public async Task<JsonObject?> GetAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            return await SendAsync(HttpMethod.Get, path, null, null, cancellationToken).ConfigureAwait(false);
        }
        catch (KubeApiException ex) when (ex.StatusCode == 404)
        {
            return null;
        }
    }

    /// <summary>Creates an object (POST to its collection).</summary>
    public Task<JsonObject> CreateAsync(string collectionPath, JsonObject body, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, collectionPath, body, s_json, cancellationToken)!;

    /// <summary>Replaces an object (PUT).</summary>
    public Task<JsonObject> ReplaceAsync(string path, JsonObject body, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Put, path, body, s_json, cancellationToken)!;

    /// <summary>Patches an object with a JSON merge patch (or another patch type).</summary>
    public Task<JsonObject> PatchAsync(string path, JsonNode patch, CancellationToken cancellationToken, string contentType = "application/merge-patch+json") =>
        SendAsync(HttpMethod.Patch, path, patch, new MediaTypeHeaderValue(contentType), cancellationToken)!;

    /// <summary>Deletes an object; <see langword="false"/> when it was gone already.</summary>
    public async Task<bool> DeleteAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            await SendAsync(HttpMethod.Delete, path, null, null, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (KubeApiException ex) when (ex.StatusCode == 404)
        {
            return false;
        }
    }

    /// <summary>Streams a watch: one (type, object) per line until the server ends it or the token is cancelled.</summary>
    /// <remarks>An <c>ERROR</c> event carrying a Status with code 410 becomes a <see cref="KubeApiException"/> so the caller relists.</remarks>
    public async IAsyncEnumerable<(string Type, JsonObject Object)> WatchAsync(string path, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        await AuthorizeAsync(request, cancellationToken).ConfigureAwait(false);
        using HttpResponseMessage response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw await ToExceptionAsync(response, cancellationToken).ConfigureAwait(false);
        }

        using Stream stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            if (line.Length == 0)
            {
                continue;
            }

            if (JsonNode.Parse(line) is not JsonObject change || change["object"] is not JsonObject obj)
            {
                continue;
            }

            string type = (string?)change["type"] ?? string.Empty;
            if (type == "ERROR")
            {
                int code = (int?)obj["code"] ?? 500;
                throw new KubeApiException(code, (string?)obj["reason"] ?? "Error", (string?)obj["message"] ?? string.Empty);
            }

            change.Remove("object");
            yield return (type, obj);
        }
    }

    public void Dispose() => _http.Dispose();

    private async Task<JsonObject?> SendAsync(HttpMethod method, string path, JsonNode? body, MediaTypeHeaderValue? contentType, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8);
            request.Content.Headers.ContentType = contentType;
        }

        await AuthorizeAsync(request, cancellationToken).ConfigureAwait(false);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        using HttpResponseMessage response = await _http.SendAsync(request, timeout.Token).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw await ToExceptionAsync(response, cancellationToken).ConfigureAwait(false);
        }

        string text = await response.Content.ReadAsStringAsync(timeout.Token).ConfigureAwait(false);
        return text.Length == 0 ? null : JsonNode.Parse(text) as JsonObject;
    }

    private async ValueTask AuthorizeAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (_configuration.TokenProvider is { } provider)
        {
            // In-cluster: the projected token is rotated by the kubelet; the provider re-reads it.
            request.Headers.Authorization = await provider.GetAuthenticationHeaderAsync(cancellationToken).ConfigureAwait(false);
        }
        else if (!string.IsNullOrEmpty(_configuration.AccessToken))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _configuration.AccessToken);
        }
    }

    private static async Task<KubeApiException> ToExceptionAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        string text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        string reason = response.StatusCode.ToString();
        string message = string.Empty;
        try
        {
            if (JsonNode.Parse(text) is JsonObject status)
            {
                reason = (string?)status["reason"] ?? reason;
                message = (string?)status["message"] ?? string.Empty;
            }
        }
        catch (JsonException)
        {
            message = response.StatusCode == HttpStatusCode.NotFound ? "not found" : "unreadable error body";
        }

        return new KubeApiException((int)response.StatusCode, reason, message);
    }
}
