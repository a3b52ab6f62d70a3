// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json.Nodes;

namespace Vault.Kubernetes.Testing.KubernetesApi;

/// <summary>Delete with finalizers, <c>deletionTimestamp</c>, preconditions and a naive ownerReferences cascade.</summary>
/// <remarks>
/// Garbage collection is synchronous and by owner UID: removing an object deletes (Background, Foreground) or
/// un-owns (Orphan) its dependents at once. Foreground does not wait for dependents before removing the owner.
/// </remarks>
internal sealed partial class KubeApiCore
{
    /// <summary>Deletes an object: marks it when finalizers remain, else removes it and cascades.</summary>
    public StoredObject Delete(ResourceType type, StoredObject current, DateTimeOffset now, string propagation, bool dryRun = false)
    {
        if (type == Catalog.Namespaces)
        {
            return DeleteNamespace(current, now, dryRun);
        }

        if (Finalizers(current.Node).Count == 0)
        {
            return dryRun ? current : RemoveNow(type, current, now, propagation);
        }

        if (current.Metadata["deletionTimestamp"] is not null || dryRun)
        {
            return current;
        }

        JsonObject marked = current.Copy();
        var metadata = (JsonObject)marked["metadata"]!;
        metadata["deletionTimestamp"] = KubeTime.Format(now);
        metadata["deletionGracePeriodSeconds"] = 0;
        if (type.HasGeneration)
        {
            metadata["generation"] = (JsonNumbers.Long(metadata["generation"]) ?? 0) + 1;
        }

        metadata["resourceVersion"] = Store.NextResourceVersion().ToString(CultureInfo.InvariantCulture);
        var stored = new StoredObject(marked);
        Store.Put(type, current, stored);
        return stored;
    }

    private StoredObject RemoveNow(ResourceType type, StoredObject current, DateTimeOffset now, string propagation)
    {
        JsonObject final = current.Copy();
        ((JsonObject)final["metadata"]!)["resourceVersion"] = Store.NextResourceVersion().ToString(CultureInfo.InvariantCulture);
        var stored = new StoredObject(final);
        Store.Remove(type, current, stored);
        AfterRemove(type, stored, now, propagation);
        return stored;
    }

    private void CollectGarbage(string ownerUid, DateTimeOffset now, string propagation)
    {
        List<(string ResourceKey, StoredObject Object)> dependents = Store.Dependents(ownerUid);
        foreach ((string resourceKey, StoredObject dependent) in dependents)
        {
            ResourceType? type = Catalog.All.FirstOrDefault(t => t.Key == resourceKey);
            if (type is null || Store.Get(type, dependent.Namespace, dependent.Name) is not { } live || live.Uid != dependent.Uid)
            {
                continue;
            }

            if (propagation == "Orphan")
            {
                JsonObject orphaned = live.Copy();
                var references = (JsonArray)orphaned["metadata"]!["ownerReferences"]!;
                foreach (JsonNode? reference in references.Where(r => (string?)r?["uid"] == ownerUid).ToList())
                {
                    references.Remove(reference);
                }

                Update(type, live, orphaned, null, now, requireVersion: false);
            }
            else
            {
                Delete(type, live, now, "Background");
            }
        }
    }

    private ApiResult Delete(ApiRequest request, string name)
    {
        ResourceType type = request.Type;
        StoredObject current = Require(type, request.Namespace, name);
        JsonObject options = request.Body as JsonObject ?? [];
        if (options["preconditions"] is JsonObject preconditions)
        {
            if ((string?)preconditions["uid"] is { } uid && uid != current.Uid)
            {
                throw KubeApiException.Conflict(type, name, $"Precondition failed: UID in precondition: {uid}, UID in object meta: {current.Uid}");
            }

            if ((string?)preconditions["resourceVersion"] is { } version && version != current.ResourceVersion)
            {
                throw KubeApiException.Conflict(type, name, $"Precondition failed: ResourceVersion in precondition: {version}, ResourceVersion in object meta: {current.ResourceVersion}");
            }
        }

        string propagation = (string?)options["propagationPolicy"] ?? request.Query("propagationPolicy") ?? "Background";
        StoredObject result = Delete(type, current, request.Now, propagation, request.DryRun);
        bool removed = Store.Get(type, request.Namespace, name) is null;
        if (removed && type.IsCustom)
        {
            var details = new JsonObject { ["name"] = name, ["group"] = type.Group, ["kind"] = type.Plural, ["uid"] = current.Uid };
            return ApiResult.Json(200, new JsonObject
            {
                ["kind"] = "Status",
                ["apiVersion"] = "v1",
                ["metadata"] = new JsonObject(),
                ["status"] = "Success",
                ["details"] = details,
            });
        }

        return ApiResult.Of(200, result);
    }

    private ApiResult DeleteCollection(ApiRequest request)
    {
        ResourceType type = request.Type;
        var labels = LabelSelector.Parse(request.Query("labelSelector"));
        var fields = FieldSelector.Parse(request.Query("fieldSelector"), type);
        var items = new JsonArray();
        foreach (StoredObject current in Store.List(type, request.Namespace).Select(p => p.Value).Where(o => labels.Matches(o.Node) && fields.Matches(o.Node)).ToList())
        {
            items.Add(Delete(type, current, request.Now, "Background", request.DryRun).Copy());
        }

        return ApiResult.Json(200, new JsonObject
        {
            ["kind"] = type.ListKind,
            ["apiVersion"] = type.GroupVersion,
            ["metadata"] = new JsonObject { ["resourceVersion"] = Store.ResourceVersion.ToString(CultureInfo.InvariantCulture) },
            ["items"] = items,
        });
    }

    private List<(ResourceType Type, StoredObject Object)> ObjectsInNamespace(string ns) =>
        Catalog.All.Where(t => t.Namespaced && t.Stored)
            .DistinctBy(t => t.Key)
            .SelectMany(t => Store.List(t, ns).Select(p => (t, p.Value)))
            .ToList();
}
