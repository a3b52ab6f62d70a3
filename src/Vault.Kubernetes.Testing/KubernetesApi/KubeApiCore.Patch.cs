// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;

namespace Vault.Kubernetes.Testing.KubernetesApi;

/// <summary>PATCH in its four media types; server-side apply is approximated (see remarks).</summary>
/// <remarks>
/// Server-side apply (<c>application/apply-patch+yaml</c>, JSON bodies only) deep-merges the applied object into the live
/// one with lists replaced, creates a missing object (201), and records the manager's fields in <c>managedFields</c>
/// (see <see cref="ApplyFieldSet"/>). Ownership is tracked among appliers only: a field another applier set to a
/// different value is a 409 conflict unless <c>force=true</c> (which takes it over), and a field a manager stops
/// applying is removed unless another applier owns it. Writes by PUT or other patches own nothing, so they never conflict.
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
        return ApiResult.Of(200, Update(type, old, patched, request.Subresource, request.Now, requireVersion: false, request.Write));
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
            ["fieldsV1"] = ApplyFieldSet.Of(applied),
        };
        JsonObject fields = (JsonObject)entry["fieldsV1"]!;
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
            return ApiResult.Of(201, Create(type, request.Namespace, body, request.Now, request.Write));
        }

        var merged = (JsonObject)MergePatch.Apply(old.Node, applied, nullDeletes: false)!;
        var mergedMetadata = (JsonObject)merged["metadata"]!;

        // An apply is unconditional unless it names a resourceVersion itself.
        mergedMetadata["resourceVersion"] = applied["metadata"]?["resourceVersion"]?.DeepClone() ?? old.ResourceVersion;
        List<string[]> mine = ApplyFieldSet.Leaves(fields);
        List<string[]> before = [];
        bool force = request.Flag("force");
        var others = new List<JsonObject>();
        var managed = new JsonArray();
        var conflicts = new List<FieldError>();
        foreach (JsonObject existing in (old.Metadata["managedFields"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var copy = (JsonObject)existing.DeepClone();
            bool applier = (string?)copy["operation"] == "Apply" && (string?)copy["subresource"] == request.Subresource;
            if (applier && (string?)copy["manager"] == manager)
            {
                before = ApplyFieldSet.Leaves(copy["fieldsV1"] as JsonObject);
                continue;
            }

            if (applier)
            {
                var contested = ApplyFieldSet.Leaves(copy["fieldsV1"] as JsonObject)
                    .Where(theirs => mine.Any(leaf => ApplyFieldSet.Same(leaf, theirs))
                        && !JsonNode.DeepEquals(ApplyFieldSet.Get(applied, theirs), ApplyFieldSet.Get(old.Node, theirs)))
                    .ToList();
                if (contested.Count > 0 && force)
                {
                    copy["fieldsV1"] = ApplyFieldSet.Without((JsonObject)copy["fieldsV1"]!, contested);
                }

                conflicts.AddRange(contested.Select(leaf => new FieldError("FieldManagerConflict", ApplyFieldSet.Format(leaf), $"conflict with \"{(string?)copy["manager"]}\" using {(string?)copy["apiVersion"]}")));
                others.Add(copy);
            }

            managed.Add(copy);
        }

        if (conflicts.Count > 0 && !force)
        {
            var causes = new JsonArray();
            foreach (FieldError conflict in conflicts)
            {
                causes.Add(new JsonObject { ["reason"] = conflict.Reason, ["message"] = conflict.Message, ["field"] = conflict.Field });
            }

            string list = string.Join(", ", conflicts.Select(c => c.Message + ": " + c.Field));
            throw new KubeApiException(409, "Conflict", $"Apply failed with {conflicts.Count} conflict{(conflicts.Count == 1 ? string.Empty : "s")}: {list}", new JsonObject { ["causes"] = causes });
        }

        // Fields this manager applied before and dropped now go, unless another applier still owns them.
        var ownedByOthers = others.SelectMany(o => ApplyFieldSet.Leaves(o["fieldsV1"] as JsonObject)).ToList();
        foreach (string[] dropped in before.Where(leaf => !mine.Any(m => ApplyFieldSet.Same(m, leaf)) && !ownedByOthers.Any(o => ApplyFieldSet.Same(o, leaf))))
        {
            ApplyFieldSet.Remove(merged, dropped);
        }

        managed.Add(entry);
        ((JsonObject)merged["metadata"]!)["managedFields"] = managed;
        return ApiResult.Of(200, Update(type, old, merged, request.Subresource, request.Now, requireVersion: false, request.Write));
    }
}
