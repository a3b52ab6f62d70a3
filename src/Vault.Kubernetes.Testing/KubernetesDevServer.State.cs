// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json.Nodes;
using Vault.Kubernetes.Testing.KubernetesApi;

namespace Vault.Kubernetes.Testing;

/// <summary>In-process handles to seed and inspect server state without HTTP, with the same rules as the API.</summary>
public sealed partial class KubernetesDevServer
{
    /// <summary>Gets the newest resourceVersion the server handed out.</summary>
    public long ResourceVersion
    {
        get
        {
            lock (Core.Store.Sync)
            {
                return Core.Store.ResourceVersion;
            }
        }
    }

    /// <summary>Gets how many watches are open.</summary>
    public int OpenWatchCount
    {
        get
        {
            lock (Core.Store.Sync)
            {
                return Core.Store.WatcherCount;
            }
        }
    }

    /// <summary>Writes a kubeconfig for this server (cluster, admin token user, context) so kubectl and KubernetesClient need no other setup.</summary>
    /// <param name="path">The file to write.</param>
    /// <param name="namespace">The context's default namespace.</param>
    /// <exception cref="ArgumentException"><paramref name="path"/> or <paramref name="namespace"/> is empty.</exception>
    public void WriteKubeconfig(string path, string @namespace = "default")
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentException.ThrowIfNullOrEmpty(@namespace);
        string server = Address.GetLeftPart(UriPartial.Authority);
        string authority = CaCertificatePem is { } pem
            ? $"\n    certificate-authority-data: {Convert.ToBase64String(Encoding.ASCII.GetBytes(pem))}"
            : string.Empty;

        // JSON is valid YAML: quoting every scalar avoids any YAML escaping question.
        string text = $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: vault-kubernetes-dev
              cluster:
                server: "{server}"{authority}
            users:
            - name: admin
              user:
                token: "{AdminToken}"
            contexts:
            - name: vault-kubernetes-dev
              context:
                cluster: vault-kubernetes-dev
                user: admin
                namespace: "{@namespace}"
            current-context: vault-kubernetes-dev

            """;
        File.WriteAllText(path, text);
    }

    /// <summary>Returns a copy of an object, or <see langword="null"/> when it does not exist.</summary>
    /// <param name="apiVersion">The group/version (<c>v1</c>, <c>apps/v1</c>, <c>secrets.hashicorp.com/v1beta1</c>).</param>
    /// <param name="resource">The resource plural (<c>secrets</c>).</param>
    /// <param name="namespace">The namespace, or <see langword="null"/> for cluster-scoped resources.</param>
    /// <param name="name">The object name.</param>
    /// <returns>The object as a GET would return it.</returns>
    /// <exception cref="ArgumentException">The resource is not served.</exception>
    public JsonObject? GetObject(string apiVersion, string resource, string? @namespace, string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        lock (Core.Store.Sync)
        {
            return Core.Store.Get(Type(apiVersion, resource), @namespace, name)?.Copy();
        }
    }

    /// <summary>Lists copies of the objects of a resource, optionally in one namespace.</summary>
    /// <param name="apiVersion">The group/version.</param>
    /// <param name="resource">The resource plural.</param>
    /// <param name="namespace">The namespace, or <see langword="null"/> for all.</param>
    /// <returns>The objects in namespace/name order.</returns>
    /// <exception cref="ArgumentException">The resource is not served.</exception>
    public IReadOnlyList<JsonObject> ListObjects(string apiVersion, string resource, string? @namespace = null)
    {
        lock (Core.Store.Sync)
        {
            return Core.Store.List(Type(apiVersion, resource), @namespace).Select(p => p.Value.Copy()).ToList();
        }
    }

    /// <summary>Creates an object as a POST would (its <c>apiVersion</c> and <c>kind</c> pick the resource).</summary>
    /// <param name="obj">The object.</param>
    /// <returns>The stored object.</returns>
    /// <exception cref="ArgumentException">The kind is not served.</exception>
    /// <exception cref="InvalidOperationException">The API would refuse it (the message is the Status message).</exception>
    public JsonObject CreateObject(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        return Run(() =>
        {
            ResourceType type = TypeOf(obj);
            return Core.Create(type, type.Namespaced ? (string?)obj["metadata"]?["namespace"] ?? "default" : null, obj, Core.Clock.GetUtcNow()).Copy();
        });
    }

    /// <summary>Replaces an object as a PUT would (or a status PUT with <paramref name="status"/>); a stale resourceVersion is a conflict.</summary>
    /// <param name="obj">The full object.</param>
    /// <param name="status">Whether to write the <c>status</c> subresource.</param>
    /// <returns>The stored object.</returns>
    /// <exception cref="ArgumentException">The kind is not served.</exception>
    /// <exception cref="InvalidOperationException">The API would refuse it.</exception>
    public JsonObject UpdateObject(JsonObject obj, bool status = false)
    {
        ArgumentNullException.ThrowIfNull(obj);
        return Run(() =>
        {
            ResourceType type = TypeOf(obj);
            string name = (string?)obj["metadata"]?["name"] ?? string.Empty;
            string? ns = type.Namespaced ? (string?)obj["metadata"]?["namespace"] ?? "default" : null;
            StoredObject old = Core.Store.Get(type, ns, name) ?? throw KubeApiException.NotFound(type, name);
            return Core.Update(type, old, obj, status ? "status" : null, Core.Clock.GetUtcNow(), requireVersion: false).Copy();
        });
    }

    /// <summary>Deletes an object as a DELETE with background propagation would.</summary>
    /// <param name="apiVersion">The group/version.</param>
    /// <param name="resource">The resource plural.</param>
    /// <param name="namespace">The namespace, or <see langword="null"/>.</param>
    /// <param name="name">The object name.</param>
    /// <returns><see langword="true"/> if it is gone, <see langword="false"/> if it is only marked (finalizers remain) or was absent.</returns>
    /// <exception cref="ArgumentException">The resource is not served.</exception>
    public bool DeleteObject(string apiVersion, string resource, string? @namespace, string name)
    {
        return Run(() =>
        {
            ResourceType type = Type(apiVersion, resource);
            if (Core.Store.Get(type, @namespace, name) is not { } current)
            {
                return false;
            }

            Core.Delete(type, current, Core.Clock.GetUtcNow(), "Background");
            return Core.Store.Get(type, @namespace, name) is null;
        });
    }

    /// <summary>Mints a service-account token as <c>kubectl create token</c> would.</summary>
    /// <param name="namespace">The service account's namespace.</param>
    /// <param name="serviceAccountName">The service account (must exist).</param>
    /// <param name="audiences">The audiences, or <see langword="null"/> for the API server's.</param>
    /// <param name="lifetime">The lifetime (at least 10 minutes), or <see langword="null"/> for one hour.</param>
    /// <returns>The signed JWT.</returns>
    /// <exception cref="InvalidOperationException">The service account does not exist or the lifetime is invalid.</exception>
    public string CreateToken(string @namespace, string serviceAccountName, IReadOnlyList<string>? audiences = null, TimeSpan? lifetime = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(@namespace);
        ArgumentException.ThrowIfNullOrEmpty(serviceAccountName);
        var spec = new JsonObject();
        if (audiences is not null)
        {
            spec["audiences"] = new JsonArray(audiences.Select(a => (JsonNode?)a).ToArray());
        }

        if (lifetime is { } value)
        {
            spec["expirationSeconds"] = (long)value.TotalSeconds;
        }

        return Run(() => (string)Core.RequestToken(@namespace, serviceAccountName, spec, Core.Clock.GetUtcNow())["status"]!["token"]!);
    }

    /// <summary>Clears the request log.</summary>
    public void ClearRequestLog() => Core.ClearRequestLog();

    private T Run<T>(Func<T> action)
    {
        lock (Core.Store.Sync)
        {
            try
            {
                return action();
            }
            catch (KubeApiException ex)
            {
                throw new InvalidOperationException(ex.Message, ex);
            }
        }
    }

    private ResourceType Type(string apiVersion, string resource)
    {
        ArgumentException.ThrowIfNullOrEmpty(apiVersion);
        ArgumentException.ThrowIfNullOrEmpty(resource);
        int slash = apiVersion.IndexOf('/', StringComparison.Ordinal);
        string group = slash < 0 ? string.Empty : apiVersion[..slash];
        string version = slash < 0 ? apiVersion : apiVersion[(slash + 1)..];
        lock (Core.Store.Sync)
        {
            return Core.Catalog.Find(group, version, resource) ?? throw new ArgumentException($"{resource} in {apiVersion} is not served.", nameof(resource));
        }
    }

    private ResourceType TypeOf(JsonObject obj) =>
        Core.Catalog.FindKind((string?)obj["apiVersion"] ?? string.Empty, (string?)obj["kind"] ?? string.Empty)
        ?? throw new ArgumentException($"{(string?)obj["kind"]} in {(string?)obj["apiVersion"]} is not served.", nameof(obj));
}
