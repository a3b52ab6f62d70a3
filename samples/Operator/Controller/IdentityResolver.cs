// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Vault.Kubernetes.Authentication;
using Vault.Kubernetes.Http;
using Vault.Kubernetes.Operator.Kube;
using Vault.Kubernetes.Operator.Resources;

namespace Vault.Kubernetes.Operator.Controller;

/// <summary>Resolves a resource's <c>vaultAuthRef</c> to a <see cref="VaultIdentity"/> as VSO does, from the VaultAuth and VaultConnection objects it is told about.</summary>
/// <remarks>
/// VaultAuth and VaultConnection objects are few, so they are held whole. Identities are built once per (auth object version, connection
/// version, consumer namespace) and reused, so every resource of a namespace shares one session through the session cache.
/// </remarks>
internal sealed class IdentityResolver
{
    private const string DefaultName = "default";
    private readonly KubeApiClient _api;
    private readonly string _operatorNamespace;
    private readonly int _requestRetries;
    private readonly ConcurrentDictionary<string, JsonObject> _auths = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, JsonObject> _connections = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, VaultIdentity> _identities = new(StringComparer.Ordinal);

    public IdentityResolver(KubeApiClient api, string operatorNamespace, int requestRetries)
    {
        _api = api;
        _operatorNamespace = operatorNamespace;
        _requestRetries = requestRetries;
    }

    public void SetAuth(JsonObject obj, bool deleted) => Set(_auths, obj, deleted);

    public void SetConnection(JsonObject obj, bool deleted) => Set(_connections, obj, deleted);

    /// <summary>Returns the identity of a resource, or throws a <see cref="SpecException"/> naming the field to fix.</summary>
    public async ValueTask<VaultIdentity> ResolveAsync(SyncResource resource, CancellationToken cancellationToken)
    {
        (string authNs, string authName) = Reference(resource.VaultAuthRef, resource.Namespace);
        if (!_auths.TryGetValue(authNs + "/" + authName, out JsonObject? auth))
        {
            throw new SpecException("spec.vaultAuthRef", $"VaultAuth {authNs}/{authName} not found");
        }

        bool isDefault = authNs == _operatorNamespace && authName == DefaultName;
        if (authNs != resource.Namespace && !isDefault && !Allowed(auth, resource.Namespace))
        {
            throw new SpecException("spec.vaultAuthRef", $"VaultAuth {authNs}/{authName} does not list namespace {resource.Namespace} in allowedNamespaces");
        }

        JsonObject spec = auth["spec"] as JsonObject ?? throw new SpecException("spec.vaultAuthRef", $"VaultAuth {authNs}/{authName} has no spec");
        string method = (string?)spec["method"] ?? "kubernetes";
        if (method != "kubernetes")
        {
            throw new SpecException("spec.vaultAuthRef", $"VaultAuth {authNs}/{authName} uses method '{method}'; only kubernetes is supported");
        }

        string? role = (string?)spec["kubernetes"]?["role"];
        string? serviceAccount = (string?)spec["kubernetes"]?["serviceAccount"];
        if (string.IsNullOrEmpty(role) || string.IsNullOrEmpty(serviceAccount))
        {
            throw new SpecException("spec.vaultAuthRef", $"VaultAuth {authNs}/{authName} needs spec.kubernetes.role and spec.kubernetes.serviceAccount");
        }

        (string connNs, string connName) = Reference((string?)spec["vaultConnectionRef"], authNs);
        if (!_connections.TryGetValue(connNs + "/" + connName, out JsonObject? connection))
        {
            throw new SpecException("spec.vaultAuthRef", $"VaultConnection {connNs}/{connName} (of VaultAuth {authNs}/{authName}) not found");
        }

        string key = string.Join('|', Version(auth), Version(connection), resource.Namespace, resource.VaultNamespace);
        if (_identities.TryGetValue(key, out VaultIdentity? identity))
        {
            return identity;
        }

        VaultClientOptions options = await ConnectionOptionsAsync(connection, connNs, connName, cancellationToken).ConfigureAwait(false);
        options.Namespace = resource.VaultNamespace ?? (string?)spec["namespace"];
        string[] audiences = spec["kubernetes"]?["audiences"] is JsonArray list ? list.Select(a => (string?)a ?? string.Empty).Where(a => a.Length > 0).ToArray() : [];

        // VSO's default and floor are both 600 seconds.
        long expiration = Math.Max(600, (long?)spec["kubernetes"]?["tokenExpirationSeconds"] ?? 600);
        string consumerNs = resource.Namespace;
        var tokens = new DelegateServiceAccountTokenSource(ct => RequestTokenAsync(consumerNs, serviceAccount, audiences, expiration, ct));
        string mount = (string?)spec["mount"] is { Length: > 0 } m ? m : "kubernetes";
        identity = VaultIdentity.ForKubernetes(options, role, tokens, $"system:serviceaccount:{consumerNs}:{serviceAccount}", mount);
        return _identities.GetOrAdd(key, identity);
    }

    private async ValueTask<string> RequestTokenAsync(string ns, string serviceAccount, string[] audiences, long expirationSeconds, CancellationToken cancellationToken)
    {
        var body = new JsonObject
        {
            ["apiVersion"] = "authentication.k8s.io/v1",
            ["kind"] = "TokenRequest",
            ["spec"] = new JsonObject
            {
                ["audiences"] = new JsonArray(audiences.Select(a => (JsonNode?)a).ToArray()),
                ["expirationSeconds"] = expirationSeconds,
            },
        };
        JsonObject reply = await _api.CreateAsync(KubePaths.ServiceAccountToken(ns, serviceAccount), body, cancellationToken).ConfigureAwait(false);
        return (string?)reply["status"]?["token"] ?? throw new InvalidOperationException($"TokenRequest for {ns}/{serviceAccount} returned no token.");
    }

    private async ValueTask<VaultClientOptions> ConnectionOptionsAsync(JsonObject connection, string ns, string name, CancellationToken cancellationToken)
    {
        JsonObject? spec = connection["spec"] as JsonObject;
        string? address = (string?)spec?["address"];
        if (string.IsNullOrEmpty(address) || !Uri.TryCreate(address, UriKind.Absolute, out Uri? uri))
        {
            throw new SpecException("spec.vaultAuthRef", $"VaultConnection {ns}/{name} has no valid spec.address");
        }

        var options = new VaultClientOptions
        {
            Address = uri,
            TlsServerName = (string?)spec?["tlsServerName"],
            SkipTlsVerify = (bool?)spec?["skipTLSVerify"] ?? false,
            MaxRetries = _requestRetries,
        };
        if (spec?["headers"] is JsonObject headers)
        {
            foreach ((string header, JsonNode? value) in headers)
            {
                if (header.StartsWith("X-Vault-", StringComparison.OrdinalIgnoreCase))
                {
                    // The client sets X-Vault-Token, -Namespace (spec.namespace of the VaultAuth) and -Request itself.
                    throw new SpecException("spec.vaultAuthRef", $"VaultConnection {ns}/{name}: spec.headers may not set {header}");
                }

                options.Headers[header] = (string?)value ?? string.Empty;
            }
        }

        if ((string?)spec?["caCertSecretRef"] is { Length: > 0 } caSecret)
        {
            JsonObject? secret = await _api.GetAsync(KubePaths.Secret(ns, caSecret), cancellationToken).ConfigureAwait(false);
            string? encoded = (string?)secret?["data"]?["ca.crt"];
            options.CaCertificate = encoded is null
                ? throw new SpecException("spec.vaultAuthRef", $"VaultConnection {ns}/{name}: Secret {caSecret} has no ca.crt")
                : System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(encoded));
        }

        return options;
    }

    private (string Namespace, string Name) Reference(string? reference, string ownNamespace)
    {
        if (string.IsNullOrEmpty(reference))
        {
            return (_operatorNamespace, DefaultName);
        }

        int slash = reference.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? (ownNamespace, reference) : (reference[..slash], reference[(slash + 1)..]);
    }

    private static bool Allowed(JsonObject auth, string ns) =>
        auth["spec"]?["allowedNamespaces"] is JsonArray list && list.Any(n => (string?)n is "*" || (string?)n == ns);

    private static string Version(JsonObject obj) => KubeObject.Uid(obj) + ":" + KubeObject.Generation(obj);

    private static void Set(ConcurrentDictionary<string, JsonObject> map, JsonObject obj, bool deleted)
    {
        if (deleted)
        {
            map.TryRemove(KubeObject.Key(obj), out _);
        }
        else
        {
            map[KubeObject.Key(obj)] = obj;
        }
    }
}
