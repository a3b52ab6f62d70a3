// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json.Nodes;

namespace Vault.Kubernetes.Testing.KubernetesApi;

/// <summary>What individual kinds add to the generic store: Secrets, Namespaces, ServiceAccounts, CRDs and custom resources.</summary>
internal sealed partial class KubeApiCore
{
    private void PrepareCreate(ResourceType type, JsonObject obj, DateTimeOffset now, bool strict)
    {
        switch (type.IsCustom ? "custom" : type.Key)
        {
            case "/secrets":
                NormalizeSecret(obj);
                break;
            case "/namespaces":
                obj["status"] = new JsonObject { ["phase"] = "Active" };
                break;
            case "/pods":
                AdmitPod(obj);
                break;
            case "apps/deployments" or "apps/statefulsets" or "apps/daemonsets":
                obj["status"] = new JsonObject();
                break;
            case "apiextensions.k8s.io/customresourcedefinitions":
                EstablishDefinition(obj, now);
                break;
            case "custom":
                ValidateCustom(type, obj, strict);
                break;
        }
    }

    private void PrepareUpdate(ResourceType type, JsonObject old, JsonObject next, DateTimeOffset now, bool strict)
    {
        switch (type.IsCustom ? "custom" : type.Key)
        {
            case "/secrets":
                NormalizeSecret(next);
                CheckSecretImmutability(old, next);
                break;
            case "apiextensions.k8s.io/customresourcedefinitions":
                EstablishDefinition(next, now);
                break;
            case "custom":
                ValidateCustom(type, next, strict);
                break;
        }
    }

    private void AfterCreate(ResourceType type, StoredObject stored, DateTimeOffset now)
    {
        switch (type.Key)
        {
            case "/namespaces":
                // The service-account controller gives every namespace a "default" account, and the root-CA publisher
                // the kube-root-ca.crt ConfigMap that pods' kube-api-access volumes project.
                Create(FindBuiltIn("serviceaccounts"), stored.Name, new JsonObject { ["metadata"] = new JsonObject { ["name"] = "default" } }, now);
                if (ClusterCaPem is not null)
                {
                    Create(FindBuiltIn("configmaps"), stored.Name, new JsonObject
                    {
                        ["metadata"] = new JsonObject { ["name"] = "kube-root-ca.crt" },
                        ["data"] = new JsonObject { ["ca.crt"] = ClusterCaPem },
                    }, now);
                }

                break;
            case "/serviceaccounts":
                Issuer.RegisterServiceAccount(stored.Namespace!, stored.Name, stored.Uid);
                break;
            case "apiextensions.k8s.io/customresourcedefinitions":
                Catalog.ServeDefinition(stored.Name, (JsonObject)stored.Node["spec"]!);
                break;
        }
    }

    private void AfterUpdate(ResourceType type, StoredObject stored)
    {
        if (type.Key == "apiextensions.k8s.io/customresourcedefinitions" && stored.Metadata["deletionTimestamp"] is null)
        {
            Catalog.ServeDefinition(stored.Name, (JsonObject)stored.Node["spec"]!);
        }
    }

    private void AfterRemove(ResourceType type, StoredObject removed, DateTimeOffset now, string propagation)
    {
        switch (type.Key)
        {
            case "/serviceaccounts":
                Issuer.ForgetServiceAccount(removed.Namespace!, removed.Name, removed.Uid);
                break;
            case "apiextensions.k8s.io/customresourcedefinitions":
                JsonObject spec = (JsonObject)removed.Node["spec"]!;
                string key = (string?)spec["group"] + "/" + (string?)spec["names"]?["plural"];
                if (Catalog.All.FirstOrDefault(t => t.IsCustom && t.Key == key) is { } custom)
                {
                    // Watchers of the custom resources see each one go before their streams end.
                    foreach (StoredObject obj in Store.List(custom, null).Select(p => p.Value).ToList())
                    {
                        RemoveNow(custom, obj, now, "Background");
                    }
                }

                Store.Forget(key);
                Catalog.StopServing(removed.Name);
                break;
        }

        CollectGarbage(removed.Uid, now, propagation);
        if (type.Namespaced && removed.Namespace is { } ns)
        {
            FinishNamespace(ns, now);
        }
    }

    private ResourceType FindBuiltIn(string plural, string group = "") => Catalog.FindBuiltIn(group, plural)!;

    private static void NormalizeSecret(JsonObject secret)
    {
        string name = (string?)secret["metadata"]?["name"] ?? string.Empty;
        JsonObject data = secret["data"] as JsonObject ?? [];
        var errors = new List<FieldError>();
        foreach (KeyValuePair<string, JsonNode?> pair in data)
        {
            if (pair.Value is not JsonValue value || !value.TryGetValue(out string? text) || !IsBase64(text))
            {
                errors.Add(FieldError.InvalidValue("data[" + pair.Key + "]", "illegal base64 data"));
            }
        }

        if (errors.Count > 0)
        {
            throw KubeApiException.Invalid("Secret", string.Empty, name, errors);
        }

        // stringData is write-only: folded into data (winning over the same key) and never stored.
        if (secret["stringData"] is JsonObject stringData)
        {
            foreach (KeyValuePair<string, JsonNode?> pair in stringData)
            {
                data[pair.Key] = Convert.ToBase64String(Encoding.UTF8.GetBytes((string?)pair.Value ?? string.Empty));
            }
        }

        secret.Remove("stringData");
        if (data.Count > 0)
        {
            secret["data"] = data;
        }
        else
        {
            secret.Remove("data");
        }

        secret["type"] ??= "Opaque";
    }

    private static bool IsBase64(string text)
    {
        Span<byte> buffer = text.Length <= 4096 ? stackalloc byte[text.Length] : new byte[text.Length];
        return Convert.TryFromBase64String(text, buffer, out _);
    }

    private static void CheckSecretImmutability(JsonObject old, JsonObject next)
    {
        string name = (string?)old["metadata"]?["name"] ?? string.Empty;
        var errors = new List<FieldError>();
        if (!JsonNode.DeepEquals(old["type"], next["type"]))
        {
            errors.Add(FieldError.InvalidValue("type", $"\"{(string?)next["type"]}\": field is immutable"));
        }

        if (old["immutable"]?.GetValue<bool>() == true)
        {
            if (!JsonNode.DeepEquals(old["data"], next["data"]))
            {
                errors.Add(new FieldError("FieldValueForbidden", "data", "Forbidden: field is immutable when `immutable` is set"));
            }

            if (!JsonNode.DeepEquals(old["immutable"], next["immutable"]))
            {
                errors.Add(new FieldError("FieldValueForbidden", "immutable", "Forbidden: field is immutable when `immutable` is set"));
            }
        }

        if (errors.Count > 0)
        {
            throw KubeApiException.Invalid("Secret", string.Empty, name, errors);
        }
    }

    private void EstablishDefinition(JsonObject crd, DateTimeOffset now)
    {
        string name = (string?)crd["metadata"]?["name"] ?? string.Empty;
        JsonObject spec = crd["spec"] as JsonObject ?? [];
        string group = (string?)spec["group"] ?? string.Empty;
        JsonObject names = spec["names"] as JsonObject ?? [];
        string plural = (string?)names["plural"] ?? string.Empty;
        var errors = new List<FieldError>();
        if (group.Length == 0)
        {
            errors.Add(FieldError.Required("spec.group"));
        }

        if (plural.Length == 0)
        {
            errors.Add(FieldError.Required("spec.names.plural"));
        }

        if ((string?)names["kind"] is not { Length: > 0 })
        {
            errors.Add(FieldError.Required("spec.names.kind"));
        }

        if (name != plural + "." + group)
        {
            errors.Add(FieldError.InvalidValue("metadata.name", $"\"{name}\": must be spec.names.plural+\".\"+spec.group"));
        }

        var versions = (spec["versions"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        if (versions.Count == 0)
        {
            errors.Add(FieldError.Required("spec.versions"));
        }
        else if (versions.Count(v => v["storage"]?.GetValue<bool>() == true) != 1)
        {
            errors.Add(FieldError.InvalidValue("spec.versions", "must have exactly one version marked as storage version"));
        }

        if (errors.Count > 0)
        {
            throw KubeApiException.Invalid("CustomResourceDefinition", "apiextensions.k8s.io", name, errors);
        }

        names["singular"] ??= plural.Length > 0 ? ((string?)names["kind"])!.ToLowerInvariant() : null;
        names["listKind"] ??= (string?)names["kind"] + "List";
        spec["scope"] ??= "Namespaced";
        string time = KubeTime.Format(now);
        JsonObject status = crd["status"] as JsonObject ?? [];
        crd["status"] = status;

        // Names are accepted and the CRD established synchronously: `kubectl wait --for=condition=Established` returns at once.
        status["conditions"] = new JsonArray(
            new JsonObject { ["type"] = "NamesAccepted", ["status"] = "True", ["lastTransitionTime"] = time, ["reason"] = "NoConflicts", ["message"] = "no conflicts found" },
            new JsonObject { ["type"] = "Established", ["status"] = "True", ["lastTransitionTime"] = time, ["reason"] = "InitialNamesAccepted", ["message"] = "the initial names have been accepted" });
        status["acceptedNames"] = names.DeepClone();
        status["storedVersions"] = new JsonArray((string?)versions.First(v => v["storage"]?.GetValue<bool>() == true)["name"]);
    }

    /// <summary>Prunes undeclared fields (an error under Strict), applies defaults, then validates.</summary>
    private static void ValidateCustom(ResourceType type, JsonObject obj, bool strict)
    {
        IReadOnlyList<string> unknown = StructuralSchema.Prune(obj, type.Schema);
        if (strict && unknown.Count > 0)
        {
            string fields = string.Join(", ", unknown.Select(f => $"unknown field \"{f}\""));
            throw KubeApiException.BadRequest($"{type.Kind} in version \"{type.Version}\" cannot be handled as a {type.Kind}: strict decoding error: {fields}");
        }

        StructuralSchema.ApplyDefaults(obj, type.Schema);
        IReadOnlyList<FieldError> errors = StructuralSchema.Validate(obj, type.Schema);
        if (errors.Count > 0)
        {
            throw KubeApiException.Invalid(type.Kind, type.Group, (string?)obj["metadata"]?["name"] ?? string.Empty, errors);
        }
    }
}
