// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;

namespace Vault.Kubernetes.Testing.Kubernetes;

/// <summary>
/// Vault's TokenReview call to the cluster named by <c>kubernetes_host</c>: the reviewer JWT (or the client's own JWT when
/// none is configured) as bearer, <c>kubernetes_ca_cert</c> as the only trusted root, and the plugin's checks on the answer.
/// </summary>
/// <remarks>
/// Only loopback hosts are called: the dev server listens on loopback only, and the placeholder hosts tests write
/// (<c>https://kubernetes.default.svc</c>, <c>https://10.0.0.1</c>) keep using the built-in issuer's review.
/// Every failure is "permission denied", as the plugin answers once a review fails.
/// </remarks>
internal static class ClusterTokenReviewer
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(10);

    public static bool Applies(KubernetesAuthConfig config) =>
        Uri.TryCreate(config.KubernetesHost, UriKind.Absolute, out Uri? host)
        && (host.Scheme == Uri.UriSchemeHttp || host.Scheme == Uri.UriSchemeHttps)
        && (host.IsLoopback || (IPAddress.TryParse(host.Host.Trim('[', ']'), out IPAddress? address) && IPAddress.IsLoopback(address)));

    /// <exception cref="Internal.VaultRequestException">403 permission denied when the review fails or disagrees with the claims.</exception>
    public static async Task ReviewAsync(KubernetesAuthConfig config, string jwt, string audience, JsonWebToken token, CancellationToken cancellationToken)
    {
        var spec = new JsonObject { ["token"] = jwt };
        if (audience.Length > 0)
        {
            spec["audiences"] = new JsonArray(audience);
        }

        // The plugin sends no kind/apiVersion, an empty user and a null creationTimestamp; the server must cope.
        var body = new JsonObject { ["metadata"] = new JsonObject { ["creationTimestamp"] = null }, ["spec"] = spec, ["status"] = new JsonObject { ["user"] = new JsonObject() } };
        JsonObject? status;
        using (SocketsHttpHandler handler = Handler(config))
        using (var client = new HttpClient(handler) { Timeout = s_timeout })
        using (var request = new HttpRequestMessage(HttpMethod.Post, new Uri(new Uri(config.KubernetesHost.TrimEnd('/') + "/"), "apis/authentication.k8s.io/v1/tokenreviews")))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", config.TokenReviewerJwt.Length > 0 ? config.TokenReviewerJwt : jwt);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
            try
            {
                using HttpResponseMessage response = await client.SendAsync(request, cancellationToken).ConfigureAwait(false);
                if (!response.IsSuccessStatusCode)
                {
                    // 401 is "service account unauthorized" in the plugin; every failure denies the login.
                    throw KubernetesAuthBackend.PermissionDenied();
                }

                string text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
                status = JsonNode.Parse(text)?["status"] as JsonObject;
            }
            catch (Exception ex) when (ex is HttpRequestException or JsonException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                throw KubernetesAuthBackend.PermissionDenied();
            }
        }

        if (status is null || (string?)status["error"] is { Length: > 0 } || status["authenticated"]?.GetValue<bool>() != true)
        {
            throw KubernetesAuthBackend.PermissionDenied();
        }

        if (audience.Length > 0 && !(status["audiences"] as JsonArray ?? []).Any(a => (string?)a == audience))
        {
            throw KubernetesAuthBackend.PermissionDenied();
        }

        string[] parts = ((string?)status["user"]?["username"] ?? string.Empty).Split(':');
        bool matches = parts.Length == 4 && parts[0] == "system" && parts[1] == "serviceaccount"
            && parts[2] == token.Namespace && parts[3] == token.ServiceAccountName
            && (string?)status["user"]?["uid"] == token.ServiceAccountUid;
        if (!matches)
        {
            throw KubernetesAuthBackend.PermissionDenied();
        }
    }

    private static SocketsHttpHandler Handler(KubernetesAuthConfig config)
    {
        var handler = new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false };
        if (config.KubernetesCaCert.Length > 0)
        {
            var roots = new X509Certificate2Collection();
            roots.ImportFromPem(config.KubernetesCaCert);
            handler.SslOptions.RemoteCertificateValidationCallback = Tls.CustomRootTrust.Callback(roots);
        }

        return handler;
    }
}
