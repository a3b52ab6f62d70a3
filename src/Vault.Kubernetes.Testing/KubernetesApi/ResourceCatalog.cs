// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;

namespace Vault.Kubernetes.Testing.KubernetesApi;

/// <summary>The served resources: the built-in kinds plus whatever established CRDs add. Callers hold the store lock.</summary>
internal sealed class ResourceCatalog
{
    private readonly List<ResourceType> _builtIn;
    private readonly Dictionary<string, List<ResourceType>> _custom = new(StringComparer.Ordinal);

    public ResourceCatalog()
    {
        _builtIn =
        [
            new() { Group = "", Version = "v1", Plural = "namespaces", Singular = "namespace", Kind = "Namespace", Namespaced = false, ShortNames = ["ns"], HasStatus = true },
            new() { Group = "", Version = "v1", Plural = "secrets", Singular = "secret", Kind = "Secret" },
            new() { Group = "", Version = "v1", Plural = "configmaps", Singular = "configmap", Kind = "ConfigMap", ShortNames = ["cm"] },
            new() { Group = "", Version = "v1", Plural = "serviceaccounts", Singular = "serviceaccount", Kind = "ServiceAccount", ShortNames = ["sa"] },
            new() { Group = "", Version = "v1", Plural = "pods", Singular = "pod", Kind = "Pod", ShortNames = ["po"], Categories = ["all"], HasStatus = true },
            new() { Group = "", Version = "v1", Plural = "events", Singular = "event", Kind = "Event", ShortNames = ["ev"] },
            new() { Group = "apps", Version = "v1", Plural = "deployments", Singular = "deployment", Kind = "Deployment", ShortNames = ["deploy"], Categories = ["all"], HasStatus = true, HasGeneration = true },
            new() { Group = "apps", Version = "v1", Plural = "statefulsets", Singular = "statefulset", Kind = "StatefulSet", ShortNames = ["sts"], Categories = ["all"], HasStatus = true, HasGeneration = true },
            new() { Group = "apps", Version = "v1", Plural = "daemonsets", Singular = "daemonset", Kind = "DaemonSet", ShortNames = ["ds"], Categories = ["all"], HasStatus = true, HasGeneration = true },
            new() { Group = "coordination.k8s.io", Version = "v1", Plural = "leases", Singular = "lease", Kind = "Lease" },
            new() { Group = "authentication.k8s.io", Version = "v1", Plural = "tokenreviews", Singular = "tokenreview", Kind = "TokenReview", Namespaced = false, Verbs = ["create"], Stored = false },
            new() { Group = "apiextensions.k8s.io", Version = "v1", Plural = "customresourcedefinitions", Singular = "customresourcedefinition", Kind = "CustomResourceDefinition", Namespaced = false, ShortNames = ["crd", "crds"], HasStatus = true, HasGeneration = true },
            new() { Group = "admissionregistration.k8s.io", Version = "v1", Plural = "mutatingwebhookconfigurations", Singular = "mutatingwebhookconfiguration", Kind = "MutatingWebhookConfiguration", Namespaced = false, HasGeneration = true },
        ];
    }

    /// <summary>Gets a number that changes whenever the served set changes (OpenAPI hashes use it).</summary>
    public int Revision { get; private set; }

    public IEnumerable<ResourceType> All => _builtIn.Concat(_custom.Values.SelectMany(list => list));

    public ResourceType Namespaces => _builtIn[0];

    public ResourceType? Find(string group, string version, string plural) => All.FirstOrDefault(t => t.Matches(group, version, plural));

    public ResourceType? FindKind(string apiVersion, string kind)
    {
        int slash = apiVersion.IndexOf('/', StringComparison.Ordinal);
        string group = slash < 0 ? string.Empty : apiVersion[..slash];
        string version = slash < 0 ? apiVersion : apiVersion[(slash + 1)..];
        return All.FirstOrDefault(t => t.Group == group && t.Version == version && t.Kind == kind);
    }

    public ResourceType? FindBuiltIn(string group, string plural) => _builtIn.FirstOrDefault(t => t.Group == group && t.Plural == plural);

    /// <summary>Every group with its versions, preferred (first served) version first.</summary>
    public IEnumerable<(string Group, IReadOnlyList<string> Versions)> Groups() =>
        All.Where(t => t.Group.Length > 0).GroupBy(t => t.Group, StringComparer.Ordinal)
            .Select(g => (g.Key, (IReadOnlyList<string>)g.Select(t => t.Version).Distinct(StringComparer.Ordinal).ToList()));

    /// <summary>Serves (or re-serves) every served version of a CRD, named by <c>metadata.name</c>.</summary>
    public void ServeDefinition(string crdName, JsonObject spec)
    {
        string group = (string?)spec["group"] ?? string.Empty;
        JsonObject names = spec["names"] as JsonObject ?? [];
        string plural = (string?)names["plural"] ?? string.Empty;
        string kind = (string?)names["kind"] ?? string.Empty;
        var types = new List<ResourceType>();
        foreach (JsonObject version in (spec["versions"] as JsonArray ?? []).OfType<JsonObject>())
        {
            if (version["served"]?.GetValue<bool>() == false)
            {
                continue;
            }

            types.Add(new ResourceType
            {
                Group = group,
                Version = (string?)version["name"] ?? "v1",
                Plural = plural,
                Singular = (string?)names["singular"] ?? kind.ToLowerInvariant(),
                Kind = kind,
                Namespaced = !string.Equals((string?)spec["scope"], "Cluster", StringComparison.Ordinal),
                ShortNames = StringList(names["shortNames"]),
                Categories = StringList(names["categories"]),
                HasStatus = version["subresources"]?["status"] is JsonObject,
                HasGeneration = true,
                IsCustom = true,
                Schema = version["schema"]?["openAPIV3Schema"]?.DeepClone() as JsonObject,
            });
        }

        _custom[crdName] = types;
        Revision++;
    }

    public void StopServing(string crdName)
    {
        if (_custom.Remove(crdName))
        {
            Revision++;
        }
    }

    private static List<string> StringList(JsonNode? node) =>
        (node as JsonArray ?? []).Select(n => (string?)n).OfType<string>().ToList();
}
