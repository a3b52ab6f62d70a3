// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Linq;
using System.Text.Json.Nodes;

namespace Vault.Kubernetes.Testing.KubernetesApi;

/// <summary>PATCH in its four media types; server-side apply is approximated (see remarks).</summary>
/// <remarks>
/// Server-side apply (<c>application/apply-patch+yaml</c>, JSON bodies only) deep-merges the applied object into the live
/// one with lists replaced, creates a missing object (201), and records the field manager in <c>managedFields</c>
/// (operation Apply, empty <c>fieldsV1</c>). Field ownership is not tracked: fields a manager stops applying are kept,
/// and there are no apply conflicts, so <c>force</c> changes nothing (last applier wins).
/// </remarks>
internal sealed partial class KubeApiCore
{
    private ApiResult Patch(ApiRequest request, string name)
    {
        ResourceType type = request.Type;
        string mediaType = request.ContentType.Split(';')[0].Trim();
        JsonNode patch = request.Body ?? throw KubeApiException.BadRequest("the patch body is empty");
        if (mediaType == "application/apply-patch+yaml")
        {
            return Apply(request, name, patch);
        }

        if (request.Query("force") is not null)
        {
            throw KubeApiException.Invalid(type.Kind, type.Group, name, [new FieldError("FieldValueForbidden", "force", "Forbidden: may not be specified for non-apply patch")]);
        }

        StoredObject old = Require(type, request.Namespace, name);
        JsonObject patched = mediaType switch
        {
            "application/json-patch+json" => JsonPatch.Apply(old.Node, patch),
            "application/merge-patch+json" => MergePatch.Apply(old.Node, patch) as JsonObject ?? throw KubeApiException.BadRequest("a merge patch must be a JSON object"),
            "application/strategic-merge-patch+json" when !type.IsCustom => StrategicMergePatch.Apply(old.Node, patch as JsonObject ?? throw KubeApiException.BadRequest("a strategic merge patch must be a JSON object")),
            _ => throw KubeApiException.UnsupportedMediaType(mediaType),
        };
        return ApiResult.Of(200, Update(type, old, patched, request.Subresource, request.Now, requireVersion: false, request.DryRun));
    }

    private ApiResult Apply(ApiRequest request, string name, JsonNode patch)
    {
        ResourceType type = request.Type;
        string manager = request.Query("fieldManager")
            ?? throw KubeApiException.Invalid(type.Kind, type.Group, name, [FieldError.Required("fieldManager") with { Message = "Required value: is required for apply patch" }]);
        if (patch is not JsonObject applied)
        {
            throw KubeApiException.BadRequest("an apply patch must be an object");
        }

        var entry = new JsonObject
        {
            ["manager"] = manager,
            ["operation"] = "Apply",
            ["apiVersion"] = type.GroupVersion,
            ["time"] = KubeTime.Format(request.Now),
            ["fieldsType"] = "FieldsV1",
            ["fieldsV1"] = new JsonObject(),
        };
        if (request.Subresource is not null)
        {
            entry["subresource"] = request.Subresource;
        }

        StoredObject? old = Store.Get(type, request.Namespace, name);
        if (old is null)
        {
            if (request.Subresource is not null)
            {
                throw KubeApiException.NotFound(type, name);
            }

            var body = (JsonObject)applied.DeepClone();
            JsonObject metadata = body["metadata"] as JsonObject ?? [];
            body["metadata"] = metadata;
            metadata["name"] ??= name;
            metadata["managedFields"] = new JsonArray(entry);
            return ApiResult.Of(201, Create(type, request.Namespace, body, request.Now, request.DryRun));
        }

        var merged = (JsonObject)MergePatch.Apply(old.Node, applied, nullDeletes: false)!;
        var mergedMetadata = (JsonObject)merged["metadata"]!;

        // An apply is unconditional unless it names a resourceVersion itself.
        mergedMetadata["resourceVersion"] = applied["metadata"]?["resourceVersion"]?.DeepClone() ?? old.ResourceVersion;
        var managed = new JsonArray();
        foreach (JsonObject existing in (old.Metadata["managedFields"] as JsonArray ?? []).OfType<JsonObject>())
        {
            bool same = (string?)existing["manager"] == manager && (string?)existing["operation"] == "Apply" && (string?)existing["subresource"] == request.Subresource;
            if (!same)
            {
                managed.Add(existing.DeepClone());
            }
        }

        managed.Add(entry);
        mergedMetadata["managedFields"] = managed;
        return ApiResult.Of(200, Update(type, old, merged, request.Subresource, request.Now, requireVersion: false, request.DryRun));
    }
}
