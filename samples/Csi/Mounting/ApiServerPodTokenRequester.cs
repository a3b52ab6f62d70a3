// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;

namespace Vault.Kubernetes.Csi.Mounting;

/// <summary>The fallback for a Mount without a pod token: a TokenRequest for the pod's service account, bound to the pod, as vault-csi-provider does.</summary>
/// <remarks>
/// Speaks the documented <c>serviceaccounts/{name}/token</c> subresource over plain HTTPS with the provider's own in-cluster
/// credentials (re-read on every call: the kubelet rotates them), so the AOT binary needs no Kubernetes client library.
/// The provider's service account needs <c>create</c> on <c>serviceaccounts/token</c> (deploy/rbac.yaml).
/// </remarks>
internal sealed class ApiServerPodTokenRequester : IPodTokenRequester, IDisposable
{
    /// <summary>Where the kubelet mounts a pod's API credentials.</summary>
    public const string InClusterDirectory = "/var/run/secrets/kubernetes.io/serviceaccount";

    private readonly Uri _apiServer;
    private readonly string _tokenPath;
    private readonly HttpClient _http;

    /// <summary>Initializes a new instance of the <see cref="ApiServerPodTokenRequester"/> class.</summary>
    /// <param name="apiServer">The API server, for example <c>https://10.0.0.1:443</c>.</param>
    /// <param name="tokenPath">The provider's own service-account token file.</param>
    /// <param name="caCertificatePem">The PEM bundle the API server's certificate chains to, or <see langword="null"/> for the system store.</param>
    public ApiServerPodTokenRequester(Uri apiServer, string tokenPath, string? caCertificatePem)
    {
        _apiServer = apiServer;
        _tokenPath = tokenPath;
        var handler = new SocketsHttpHandler();
        if (caCertificatePem is not null)
        {
            var trusted = new X509Certificate2Collection();
            trusted.ImportFromPem(caCertificatePem);
            // Cluster CAs publish no revocation lists; kubectl and client-go do not check revocation either.
            handler.SslOptions.CertificateChainPolicy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
            handler.SslOptions.CertificateChainPolicy.CustomTrustStore.AddRange(trusted);
        }

        _http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(10) };
    }

    /// <summary>Creates the requester from the in-cluster environment (<c>KUBERNETES_SERVICE_HOST</c>/<c>_PORT</c> and the mounted credentials), or returns <see langword="null"/> outside a cluster.</summary>
    /// <param name="environment">Reads environment variables.</param>
    /// <returns>The requester, or <see langword="null"/>.</returns>
    public static ApiServerPodTokenRequester? FromInCluster(Func<string, string?> environment)
    {
        string? host = environment("KUBERNETES_SERVICE_HOST");
        string? port = environment("KUBERNETES_SERVICE_PORT");
        string tokenPath = Path.Join(InClusterDirectory, "token");
        if (string.IsNullOrEmpty(host) || !File.Exists(tokenPath))
        {
            return null;
        }

        string caPath = Path.Join(InClusterDirectory, "ca.crt");
        string authority = host.Contains(':', StringComparison.Ordinal) ? $"[{host}]" : host;
        return new ApiServerPodTokenRequester(new Uri($"https://{authority}:{port ?? "443"}"), tokenPath, File.Exists(caPath) ? File.ReadAllText(caPath) : null);
    }

    /// <inheritdoc/>
    public async ValueTask<string> RequestAsync(MountParameters parameters, CancellationToken cancellationToken)
    {
        string audience = parameters.Audience ?? "vault";
        var body = new JsonObject
        {
            ["apiVersion"] = "authentication.k8s.io/v1",
            ["kind"] = "TokenRequest",
            ["spec"] = new JsonObject
            {
                ["audiences"] = new JsonArray(audience),
                ["expirationSeconds"] = 600,
                ["boundObjectRef"] = new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Pod", ["name"] = parameters.PodName, ["uid"] = parameters.PodUid },
            },
        };
        var uri = new Uri(_apiServer, $"api/v1/namespaces/{Uri.EscapeDataString(parameters.PodNamespace)}/serviceaccounts/{Uri.EscapeDataString(parameters.ServiceAccountName)}/token");
        using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json") };
        string own = (await File.ReadAllTextAsync(_tokenPath, cancellationToken).ConfigureAwait(false)).Trim();
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", own);
        string account = $"{parameters.PodNamespace}/{parameters.ServiceAccountName}";
        try
        {
            using HttpResponseMessage response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            string text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                // A Status object's message names the account and the reason; it holds no token.
                string? message = (JsonNode.Parse(text) as JsonObject)?["message"]?.GetValue<string>();
                throw new MountInputException($"TokenRequest for service account {account} (audience '{audience}') failed with {(int)response.StatusCode}: {message ?? response.ReasonPhrase}");
            }

            return (JsonNode.Parse(text)?["status"]?["token"]?.GetValue<string>())
                ?? throw new MountInputException($"TokenRequest for service account {account} answered without status.token.");
        }
        catch (Exception ex) when (ex is HttpRequestException or System.Text.Json.JsonException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new MountInputException($"TokenRequest for service account {account} at {_apiServer} failed: {ex.Message}");
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _http.Dispose();
}
