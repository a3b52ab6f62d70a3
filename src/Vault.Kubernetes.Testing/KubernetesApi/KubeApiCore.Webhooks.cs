// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;

namespace Vault.Kubernetes.Testing.KubernetesApi;

/// <summary>
/// Mutating admission webhooks on Pod CREATE: every matching webhook of every stored MutatingWebhookConfiguration is
/// called over HTTPS with an <c>admission.k8s.io/v1</c> AdmissionReview, and its JSON patch applied.
/// </summary>
/// <remarks>
/// Simplifications, on purpose: configurations run in name order and their webhooks in list order, each once
/// (<c>reinvocationPolicy: IfNeeded</c> is not honoured); <c>matchConditions</c> and <c>matchPolicy</c> are ignored; the call
/// is made while the store lock is held, so a webhook that calls back into this server would deadlock until its timeout.
/// </remarks>
internal sealed partial class KubeApiCore
{
    private void CallMutatingWebhooks(JsonObject pod, DateTimeOffset now)
    {
        _ = now;
        ResourceType configurations = FindBuiltIn("mutatingwebhookconfigurations", "admissionregistration.k8s.io");
        string ns = (string)pod["metadata"]!["namespace"]!;
        JsonObject namespaceObject = Store.Get(Catalog.Namespaces, null, ns)?.Node ?? [];
        foreach (StoredObject configuration in Store.List(configurations, null).Select(p => p.Value).OrderBy(c => c.Name, StringComparer.Ordinal).ToList())
        {
            foreach (JsonObject webhook in (configuration.Node["webhooks"] as JsonArray ?? []).OfType<JsonObject>())
            {
                if (MatchesPodCreate(webhook) && Selects(webhook["namespaceSelector"], namespaceObject) && Selects(webhook["objectSelector"], pod))
                {
                    CallWebhook(webhook, pod, ns);
                }
            }
        }
    }

    private static bool MatchesPodCreate(JsonObject webhook) =>
        (webhook["rules"] as JsonArray ?? []).OfType<JsonObject>().Any(rule =>
            Has(rule["operations"], "CREATE") && Has(rule["apiGroups"], "") && Has(rule["apiVersions"], "v1")
            && (Has(rule["resources"], "pods") || Has(rule["resources"], "*/*"))
            && (string?)rule["scope"] is null or "*" or "Namespaced");

    private static bool Has(JsonNode? list, string value) =>
        list is JsonArray array && array.Any(v => (string?)v is { } s && (s == value || s == "*"));

    // metav1.LabelSelector as JSON → the string form LabelSelector parses; an absent selector matches everything.
    private static bool Selects(JsonNode? selector, JsonObject obj)
    {
        if (selector is not JsonObject map)
        {
            return true;
        }

        var terms = new List<string>();
        foreach ((string key, JsonNode? value) in map["matchLabels"] as JsonObject ?? [])
        {
            terms.Add($"{key}={(string?)value}");
        }

        foreach (JsonObject expression in (map["matchExpressions"] as JsonArray ?? []).OfType<JsonObject>())
        {
            string key = (string)expression["key"]!;
            string values = string.Join(',', (expression["values"] as JsonArray ?? []).Select(v => (string?)v));
            terms.Add((string?)expression["operator"] switch
            {
                "In" => $"{key} in ({values})",
                "NotIn" => $"{key} notin ({values})",
                "Exists" => key,
                "DoesNotExist" => "!" + key,
                var op => throw KubeApiException.BadRequest($"label selector operator '{op}' is not supported"),
            });
        }

        return LabelSelector.Parse(string.Join(',', terms)).Matches(obj);
    }

    private void CallWebhook(JsonObject webhook, JsonObject pod, string ns)
    {
        string name = (string?)webhook["name"] ?? "(unnamed)";
        bool ignoreFailure = (string?)webhook["failurePolicy"] == "Ignore";
        JsonObject? patched;
        try
        {
            patched = Review(webhook, pod, ns, name);
        }
        catch (WebhookCallException ex)
        {
            if (ignoreFailure)
            {
                return;
            }

            throw new KubeApiException(500, "InternalError", $"Internal error occurred: failed calling webhook \"{name}\": {ex.Message}");
        }

        if (patched is not null)
        {
            // The create path holds this node; replace its members rather than the reference.
            pod.Clear();
            foreach ((string key, JsonNode? value) in patched.ToList())
            {
                patched.Remove(key);
                pod[key] = value;
            }
        }
    }

    /// <returns>The patched pod, or <see langword="null"/> when the webhook allowed it unchanged.</returns>
    /// <exception cref="WebhookCallException">The call failed or the answer is unusable (subject to failurePolicy).</exception>
    /// <exception cref="KubeApiException">The webhook denied the pod.</exception>
    private JsonObject? Review(JsonObject webhook, JsonObject pod, string ns, string name)
    {
        JsonObject clientConfig = webhook["clientConfig"] as JsonObject ?? throw new WebhookCallException("webhook has no clientConfig");
        Uri target = WebhookAddress(clientConfig);
        Uri connect = Options.WebhookAddressMap?.Invoke(target) ?? target;
        X509Certificate2Collection? trust = null;
        if ((string?)clientConfig["caBundle"] is { Length: > 0 } bundle)
        {
            trust = [];
            try
            {
                trust.ImportFromPem(Encoding.UTF8.GetString(Convert.FromBase64String(bundle)));
            }
            catch (Exception ex) when (ex is FormatException or CryptographicException)
            {
                throw new WebhookCallException("caBundle is not base64 PEM: " + ex.Message);
            }
        }

        string uid = Guid.NewGuid().ToString();
        JsonObject review = new()
        {
            ["apiVersion"] = "admission.k8s.io/v1",
            ["kind"] = "AdmissionReview",
            ["request"] = new JsonObject
            {
                ["uid"] = uid,
                ["kind"] = new JsonObject { ["group"] = "", ["version"] = "v1", ["kind"] = "Pod" },
                ["resource"] = new JsonObject { ["group"] = "", ["version"] = "v1", ["resource"] = "pods" },
                ["requestKind"] = new JsonObject { ["group"] = "", ["version"] = "v1", ["kind"] = "Pod" },
                ["requestResource"] = new JsonObject { ["group"] = "", ["version"] = "v1", ["resource"] = "pods" },
                ["name"] = (string?)pod["metadata"]!["name"] ?? "",
                ["namespace"] = ns,
                ["operation"] = "CREATE",
                ["userInfo"] = new JsonObject { ["username"] = "kubernetes-admin", ["groups"] = new JsonArray("system:masters", "system:authenticated") },
                ["object"] = pod.DeepClone(),
                ["oldObject"] = null,
                ["dryRun"] = false,
                ["options"] = new JsonObject { ["kind"] = "CreateOptions", ["apiVersion"] = "meta.k8s.io/v1" },
            },
        };

        int timeoutSeconds = webhook["timeoutSeconds"] is JsonValue t && t.TryGetValue(out int seconds) ? Math.Clamp(seconds, 1, 30) : 10;
        string answerText = Post(connect, target.Host, trust, review.ToJsonString(), TimeSpan.FromSeconds(timeoutSeconds));
        JsonObject response;
        try
        {
            response = (JsonNode.Parse(answerText) as JsonObject)?["response"] as JsonObject ?? throw new WebhookCallException("the answer has no response");
        }
        catch (JsonException ex)
        {
            throw new WebhookCallException("the answer is not JSON: " + ex.Message);
        }

        if ((string?)response["uid"] != uid)
        {
            throw new WebhookCallException($"expected response.uid=\"{uid}\", got \"{(string?)response["uid"]}\"");
        }

        if (response["allowed"] is not JsonValue allowedValue || !allowedValue.TryGetValue(out bool allowed) || !allowed)
        {
            JsonNode? status = response["status"];
            int code = status?["code"] is JsonValue c && c.TryGetValue(out int statusCode) && statusCode >= 400 ? statusCode : 400;
            string message = (string?)status?["message"] ?? "";
            throw new KubeApiException(code, code == 403 ? "Forbidden" : "BadRequest", $"admission webhook \"{name}\" denied the request: {message}");
        }

        if ((string?)response["patch"] is not { Length: > 0 } patch)
        {
            return null;
        }

        if ((string?)response["patchType"] != "JSONPatch")
        {
            throw new WebhookCallException($"unsupported patchType \"{(string?)response["patchType"]}\"");
        }

        try
        {
            return JsonPatch.Apply(pod, JsonNode.Parse(Convert.FromBase64String(patch))!);
        }
        catch (Exception ex) when (ex is FormatException or JsonException or KubeApiException)
        {
            throw new WebhookCallException("the patch cannot be applied: " + ex.Message);
        }
    }

    private static Uri WebhookAddress(JsonObject clientConfig)
    {
        if ((string?)clientConfig["url"] is { } url)
        {
            return Uri.TryCreate(url, UriKind.Absolute, out Uri? uri) && uri.Scheme == Uri.UriSchemeHttps
                ? uri
                : throw new WebhookCallException($"webhook url \"{url}\" must be https");
        }

        if (clientConfig["service"] is JsonObject service)
        {
            int port = service["port"] is JsonValue p && p.TryGetValue(out int value) ? value : 443;
            return new Uri($"https://{(string?)service["name"]}.{(string?)service["namespace"]}.svc:{port}{(string?)service["path"] ?? "/"}");
        }

        throw new WebhookCallException("clientConfig needs url or service");
    }

    // Synchronous: the create path runs under the store lock (see the remarks above).
    private static string Post(Uri address, string serverName, X509Certificate2Collection? trust, string body, TimeSpan timeout)
    {
        using var handler = new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, chain, errors) =>
            certificate is X509Certificate2 leaf && Trusted(leaf, chain, errors, trust) && leaf.MatchesHostname(serverName);
        using var client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        using var cancel = new CancellationTokenSource(timeout);
        using var request = new HttpRequestMessage(HttpMethod.Post, address) { Content = new StringContent(body) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        try
        {
            using HttpResponseMessage response = client.Send(request, cancel.Token);
            using var reader = new System.IO.StreamReader(response.Content.ReadAsStream(cancel.Token));
            string text = reader.ReadToEnd();
            return response.IsSuccessStatusCode ? text : throw new WebhookCallException($"the webhook answered {(int)response.StatusCode}: {text}");
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            throw new WebhookCallException($"Post \"{address}\": context deadline exceeded ({timeout.TotalSeconds:0}s)");
        }
        catch (HttpRequestException ex)
        {
            throw new WebhookCallException($"Post \"{address}\": {ex.Message}");
        }
    }

    private static bool Trusted(X509Certificate2 leaf, X509Chain? chain, SslPolicyErrors errors, X509Certificate2Collection? trust)
    {
        if (trust is null)
        {
            // No caBundle: the system roots decide; the name is checked against the original host separately.
            return (errors & ~SslPolicyErrors.RemoteCertificateNameMismatch) == SslPolicyErrors.None;
        }

        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.AddRange(trust);
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (chain is not null)
        {
            custom.ChainPolicy.ExtraStore.AddRange(chain.ChainPolicy.ExtraStore);
        }

        return custom.Build(leaf);
    }

    /// <summary>A webhook call that failed or gave an unusable answer; <c>failurePolicy</c> decides what the create does.</summary>
    private sealed class WebhookCallException(string message) : Exception(message);
}
