// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.Json.Nodes;

namespace Vault.Kubernetes.Testing.KubernetesApi;

/// <summary>
/// Discovery in both forms (aggregated <c>apidiscovery.k8s.io/v2</c> on the two roots when the client asks for it, as
/// kubectl 1.32 does, and the legacy documents per group version), <c>/version</c>, health, and the <c>/openapi/v3</c> stubs kubectl needs for
/// <c>apply</c>/<c>create</c>: one PATCH operation per kind carrying its GVK and the <c>fieldValidation</c> parameter, so kubectl
/// leaves validation to the server. The stubs list no strategic-merge media type and no schemas, so kubectl computes
/// client-side apply patches from its compiled-in types (built-ins) or as JSON merge patches (custom resources).
/// </summary>
internal sealed partial class KubeApiCore
{
    private const string AggregatedMediaType = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList";

    private ApiResult? Discovery(string path, string[] segments, string accept)
    {
        lock (Store.Sync)
        {
            bool aggregated = WantsAggregated(accept);
            return path.TrimEnd('/') switch
            {
                "/api" when aggregated => Aggregated(core: true),
                "/apis" when aggregated => Aggregated(core: false),
                "/version" => ApiResult.Json(200, VersionInfo()),
                "/healthz" or "/livez" or "/readyz" => new ApiResult(200, "ok"u8.ToArray()),
                "/api" => ApiResult.Json(200, new JsonObject
                {
                    ["kind"] = "APIVersions",
                    ["versions"] = new JsonArray("v1"),
                    ["serverAddressByClientCIDRs"] = new JsonArray(new JsonObject { ["clientCIDR"] = "0.0.0.0/0", ["serverAddress"] = Address?.Authority ?? string.Empty }),
                }),
                "/apis" => ApiResult.Json(200, GroupList()),
                "/openapi/v3" => ApiResult.Json(200, OpenApiIndex()),
                _ when segments is ["api", "v1"] => ApiResult.Json(200, ResourceList(string.Empty, "v1")),
                _ when segments is ["apis", _, _] && Catalog.All.Any(t => t.Group == segments[1] && t.Version == segments[2]) => ApiResult.Json(200, ResourceList(segments[1], segments[2])),
                _ when segments is ["apis", _] && Catalog.Groups().FirstOrDefault(g => g.Group == segments[1]) is { Group: not null } group => ApiResult.Json(200, GroupEntry(group.Group, group.Versions, withKind: true)),
                _ when segments.Length >= 3 && segments[0] == "openapi" && segments[1] == "v3" => ApiResult.Json(200, OpenApiDocument(string.Join('/', segments[2..]))),
                _ when segments is ["openapi", "v2"] => throw KubeApiException.NoResource(),
                _ => null,
            };
        }
    }

    /// <summary>Whether the Accept header lists the v2 aggregated form (in any position; media type parameters are unordered).</summary>
    private static bool WantsAggregated(string accept) =>
        accept.Split(',').Any(media =>
        {
            string[] parts = media.Split(';', StringSplitOptions.TrimEntries);
            return parts.Contains("g=apidiscovery.k8s.io", StringComparer.Ordinal) && parts.Contains("v=v2", StringComparer.Ordinal)
                && parts.Contains("as=APIGroupDiscoveryList", StringComparer.Ordinal);
        });

    private static void AddNames(JsonObject entry, ResourceType type)
    {
        if (type.ShortNames.Count > 0)
        {
            entry["shortNames"] = Strings(type.ShortNames);
        }

        if (type.Categories.Count > 0)
        {
            entry["categories"] = Strings(type.Categories);
        }
    }

    private static JsonObject Kind(string group, string version, string kind) => new() { ["group"] = group, ["version"] = version, ["kind"] = kind };

    private ApiResult Aggregated(bool core)
    {
        var items = new JsonArray();
        IEnumerable<(string Group, IReadOnlyList<string> Versions)> groups = core ? [(string.Empty, ["v1"])] : Catalog.Groups();
        foreach ((string group, IReadOnlyList<string> versions) in groups)
        {
            var versionList = new JsonArray();
            foreach (string version in versions)
            {
                var resources = new JsonArray();
                foreach (ResourceType type in Catalog.All.Where(t => t.Group == group && t.Version == version))
                {
                    var subresources = new JsonArray();
                    if (type.HasStatus)
                    {
                        subresources.Add(new JsonObject { ["subresource"] = "status", ["responseKind"] = Kind(group, version, type.Kind), ["verbs"] = Strings(["get", "patch", "update"]) });
                    }

                    if (HasScale(type))
                    {
                        subresources.Add(new JsonObject { ["subresource"] = "scale", ["responseKind"] = Kind("autoscaling", "v1", "Scale"), ["verbs"] = Strings(["get", "patch", "update"]) });
                    }

                    if (type.Plural == "serviceaccounts" && group.Length == 0)
                    {
                        subresources.Add(new JsonObject { ["subresource"] = "token", ["responseKind"] = Kind("authentication.k8s.io", "v1", "TokenRequest"), ["verbs"] = Strings(["create"]) });
                    }

                    var entry = new JsonObject
                    {
                        ["resource"] = type.Plural,
                        ["responseKind"] = Kind(group, version, type.Kind),
                        ["scope"] = type.Namespaced ? "Namespaced" : "Cluster",
                        ["singularResource"] = type.Singular,
                        ["verbs"] = Strings(type.Verbs),
                    };
                    AddNames(entry, type);

                    if (subresources.Count > 0)
                    {
                        entry["subresources"] = subresources;
                    }

                    resources.Add(entry);
                }

                versionList.Add(new JsonObject { ["version"] = version, ["resources"] = resources, ["freshness"] = "Current" });
            }

            items.Add(new JsonObject { ["metadata"] = new JsonObject { ["name"] = group, ["creationTimestamp"] = null }, ["versions"] = versionList });
        }

        var list = new JsonObject { ["kind"] = "APIGroupDiscoveryList", ["apiVersion"] = "apidiscovery.k8s.io/v2", ["metadata"] = new JsonObject(), ["items"] = items };
        return ApiResult.Json(200, list) with { ContentType = AggregatedMediaType };
    }

    private static JsonObject GroupEntry(string group, IReadOnlyList<string> versions, bool withKind)
    {
        var list = new JsonArray();
        foreach (string version in versions)
        {
            list.Add(new JsonObject { ["groupVersion"] = group + "/" + version, ["version"] = version });
        }

        var entry = new JsonObject();
        if (withKind)
        {
            entry["kind"] = "APIGroup";
            entry["apiVersion"] = "v1";
        }

        entry["name"] = group;
        entry["versions"] = list;
        entry["preferredVersion"] = new JsonObject { ["groupVersion"] = group + "/" + versions[0], ["version"] = versions[0] };
        return entry;
    }

    private static JsonArray Strings(IEnumerable<string> values)
    {
        var array = new JsonArray();
        foreach (string value in values)
        {
            array.Add(value);
        }

        return array;
    }

    private JsonObject VersionInfo()
    {
        string version = Options.KubernetesVersion;
        string[] parts = version.TrimStart('v').Split('.');
        return new JsonObject
        {
            ["major"] = parts[0],
            ["minor"] = parts.Length > 1 ? parts[1] : "0",
            ["gitVersion"] = version,
            ["gitCommit"] = "0000000000000000000000000000000000000000",
            ["gitTreeState"] = "clean",
            ["buildDate"] = "2025-01-01T00:00:00Z",
            ["goVersion"] = "go1.23",
            ["compiler"] = "gc",
            ["platform"] = "linux/amd64",
        };
    }

    private JsonObject GroupList()
    {
        var groups = new JsonArray();
        foreach ((string group, IReadOnlyList<string> versions) in Catalog.Groups())
        {
            groups.Add(GroupEntry(group, versions, withKind: false));
        }

        return new JsonObject { ["kind"] = "APIGroupList", ["apiVersion"] = "v1", ["groups"] = groups };
    }

    private JsonObject ResourceList(string group, string version)
    {
        var resources = new JsonArray();
        foreach (ResourceType type in Catalog.All.Where(t => t.Group == group && t.Version == version))
        {
            var entry = new JsonObject
            {
                ["name"] = type.Plural,
                ["singularName"] = type.Singular,
                ["namespaced"] = type.Namespaced,
                ["kind"] = type.Kind,
                ["verbs"] = Strings(type.Verbs),
            };
            AddNames(entry, type);

            resources.Add(entry);
            if (type.HasStatus)
            {
                resources.Add(new JsonObject { ["name"] = type.Plural + "/status", ["singularName"] = string.Empty, ["namespaced"] = type.Namespaced, ["kind"] = type.Kind, ["verbs"] = Strings(["get", "patch", "update"]) });
            }

            if (HasScale(type))
            {
                resources.Add(new JsonObject { ["name"] = type.Plural + "/scale", ["singularName"] = string.Empty, ["namespaced"] = true, ["group"] = "autoscaling", ["version"] = "v1", ["kind"] = "Scale", ["verbs"] = Strings(["get", "patch", "update"]) });
            }

            if (type.Plural == "serviceaccounts" && group.Length == 0)
            {
                resources.Add(new JsonObject { ["name"] = "serviceaccounts/token", ["singularName"] = string.Empty, ["namespaced"] = true, ["group"] = "authentication.k8s.io", ["version"] = "v1", ["kind"] = "TokenRequest", ["verbs"] = Strings(["create"]) });
            }
        }

        return new JsonObject { ["kind"] = "APIResourceList", ["apiVersion"] = "v1", ["groupVersion"] = group.Length == 0 ? version : group + "/" + version, ["resources"] = resources };
    }

    private JsonObject OpenApiIndex()
    {
        var paths = new JsonObject();
        foreach (string groupVersion in Catalog.All.Select(t => t.Group.Length == 0 ? "api/" + t.Version : "apis/" + t.Group + "/" + t.Version).Distinct(StringComparer.Ordinal))
        {
            paths[groupVersion] = new JsonObject { ["serverRelativeURL"] = $"/openapi/v3/{groupVersion}?hash={Hash(groupVersion)}" };
        }

        return new JsonObject { ["paths"] = paths };
    }

    private string Hash(string groupVersion) =>
        Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(groupVersion + "#" + Catalog.Revision.ToString(CultureInfo.InvariantCulture))))[..16];

    private JsonObject OpenApiDocument(string groupVersion)
    {
        string[] parts = groupVersion.Split('/');
        (string group, string version) = parts switch
        {
            ["api", var v] => (string.Empty, v),
            ["apis", var g, var v] => (g, v),
            _ => throw KubeApiException.NoResource(),
        };
        var types = Catalog.All.Where(t => t.Group == group && t.Version == version).ToList();
        if (types.Count == 0)
        {
            throw KubeApiException.NoResource();
        }

        var paths = new JsonObject();
        foreach (ResourceType type in types.Where(t => t.Verbs.Contains("patch")))
        {
            string prefix = (group.Length == 0 ? "/api/" + version : $"/apis/{group}/{version}") + (type.Namespaced ? "/namespaces/{namespace}/" : "/");
            paths[prefix + type.Plural + "/{name}"] = new JsonObject
            {
                ["patch"] = new JsonObject
                {
                    ["operationId"] = "patch" + type.Kind,
                    ["parameters"] = new JsonArray(
                        new JsonObject { ["name"] = "fieldValidation", ["in"] = "query", ["schema"] = new JsonObject { ["type"] = "string", ["uniqueItems"] = true } },
                        new JsonObject { ["name"] = "fieldManager", ["in"] = "query", ["schema"] = new JsonObject { ["type"] = "string", ["uniqueItems"] = true } }),
                    ["requestBody"] = new JsonObject
                    {
                        ["content"] = new JsonObject
                        {
                            ["application/apply-patch+yaml"] = new JsonObject(),
                            ["application/json-patch+json"] = new JsonObject(),
                            ["application/merge-patch+json"] = new JsonObject(),
                        },
                    },
                    ["x-kubernetes-action"] = "patch",
                    ["x-kubernetes-group-version-kind"] = new JsonObject { ["group"] = group, ["version"] = version, ["kind"] = type.Kind },
                },
            };
        }

        return new JsonObject
        {
            ["openapi"] = "3.0.0",
            ["info"] = new JsonObject { ["title"] = "Kubernetes", ["version"] = Options.KubernetesVersion },
            ["paths"] = paths,
            ["components"] = new JsonObject { ["schemas"] = new JsonObject() },
        };
    }
}
