// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Vault.Kubernetes.Testing.KubernetesApi;

/// <summary>Create, read, update, patch, delete and list with the API server's metadata rules. Callers hold the store lock.</summary>
internal sealed partial class KubeApiCore
{
    private const string GenerateNameAlphabet = "bcdfghjklmnpqrstvwxz2456789";

    /// <summary>Creates an object: server-set metadata, per-kind defaults and validation, then ADDED.</summary>
    public StoredObject Create(ResourceType type, string? ns, JsonObject body, DateTimeOffset now, WriteOptions? options = null)
    {
        bool dryRun = options?.DryRun == true;
        JsonObject obj = (JsonObject)body.DeepClone();
        CheckKind(type, obj);
        JsonObject metadata = obj["metadata"] as JsonObject ?? [];
        obj["metadata"] = metadata;
        if ((string?)metadata["namespace"] is { Length: > 0 } bodyNamespace && ns is not null && bodyNamespace != ns)
        {
            throw KubeApiException.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
        }

        if (type.Namespaced)
        {
            metadata["namespace"] = ns;
            if (Store.Get(Catalog.Namespaces, null, ns!) is null)
            {
                throw KubeApiException.NamespaceNotFound(ns!);
            }
        }
        else
        {
            metadata.Remove("namespace");
        }

        if ((string?)metadata["name"] is not { Length: > 0 } && (string?)metadata["generateName"] is { Length: > 0 } prefix)
        {
            metadata["name"] = prefix + RandomSuffix();
        }

        string name = (string?)metadata["name"] ?? string.Empty;
        if (name.Length == 0)
        {
            throw KubeApiException.Invalid(type.Kind, type.Group, name, [FieldError.Required("metadata.name") with { Message = "Required value: name or generateName is required" }]);
        }

        if ((string?)metadata["resourceVersion"] is { Length: > 0 })
        {
            throw KubeApiException.Invalid(type.Kind, type.Group, name, [FieldError.InvalidValue("metadata.resourceVersion", "must be empty on create")]);
        }

        if (Store.Get(type, ns, name) is not null)
        {
            throw KubeApiException.AlreadyExists(type, name);
        }

        if (type.Namespaced)
        {
            RefuseIfTerminating(type, ns!, name);
        }

        if (type.HasStatus)
        {
            // With a status subresource, create ignores the status the client sent.
            obj.Remove("status");
        }

        PrepareCreate(type, obj, now, options?.Strict == true);
        metadata.Remove("deletionTimestamp");
        metadata.Remove("deletionGracePeriodSeconds");
        metadata["uid"] = Guid.NewGuid().ToString();
        metadata["creationTimestamp"] = KubeTime.Format(now);
        if (type.HasGeneration)
        {
            metadata["generation"] = 1;
        }
        else
        {
            metadata.Remove("generation");
        }

        metadata["resourceVersion"] = dryRun ? "0" : Store.NextResourceVersion().ToString(CultureInfo.InvariantCulture);
        var stored = new StoredObject(Canonical(obj));
        if (!dryRun)
        {
            Store.Put(type, null, stored);
            AfterCreate(type, stored, now);
        }

        return stored;
    }

    /// <summary>Commits a new version of <paramref name="old"/>: concurrency check, generation, no-op detection, MODIFIED.</summary>
    /// <param name="type">The resource.</param>
    /// <param name="old">The stored object.</param>
    /// <param name="candidate">The object the client wants (a full object, after any patch).</param>
    /// <param name="subresource">"status" for a status write, else null.</param>
    /// <param name="now">The request time.</param>
    /// <param name="requireVersion">Whether a missing resourceVersion is an error (PUT of a custom resource).</param>
    /// <param name="options">Dry run and strict field validation.</param>
    public StoredObject Update(ResourceType type, StoredObject old, JsonObject candidate, string? subresource, DateTimeOffset now, bool requireVersion, WriteOptions? options = null)
    {
        bool dryRun = options?.DryRun == true;
        CheckKind(type, candidate);
        JsonObject metadata = candidate["metadata"] as JsonObject ?? [];
        string? version = (string?)metadata["resourceVersion"];
        if (string.IsNullOrEmpty(version))
        {
            if (requireVersion)
            {
                throw KubeApiException.Invalid(type.Kind, type.Group, old.Name, [FieldError.InvalidValue("metadata.resourceVersion", "0x0: must be specified for an update")]);
            }
        }
        else if (version != old.ResourceVersion)
        {
            throw KubeApiException.StaleResourceVersion(type, old.Name);
        }

        if ((string?)metadata["name"] is { } name && name != old.Name)
        {
            throw KubeApiException.BadRequest($"the name of the object ({name}) does not match the name on the URL ({old.Name})");
        }

        JsonObject next;
        if (subresource == "status")
        {
            // A status write changes status only; metadata and spec edits in it are ignored.
            next = old.Copy();
            next["status"] = candidate["status"]?.DeepClone();
            if (next["status"] is null)
            {
                next.Remove("status");
            }

            if (type.IsCustom)
            {
                ValidateCustom(type, next, options?.Strict == true);
            }
        }
        else
        {
            next = (JsonObject)candidate.DeepClone();
            next["metadata"] = metadata = (JsonObject)metadata.DeepClone();
            if (type.HasStatus)
            {
                next["status"] = old.Node["status"]?.DeepClone();
                if (next["status"] is null)
                {
                    next.Remove("status");
                }
            }

            // Server-owned metadata always comes from the stored object.
            JsonObject oldMetadata = old.Metadata;
            foreach (string field in (string[])["uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "generation", "namespace", "name"])
            {
                metadata[field] = oldMetadata[field]?.DeepClone();
                if (metadata[field] is null)
                {
                    metadata.Remove(field);
                }
            }

            if (oldMetadata["deletionTimestamp"] is not null && NewFinalizers(oldMetadata, metadata))
            {
                throw KubeApiException.Invalid(type.Kind, type.Group, old.Name, [new FieldError("FieldValueForbidden", "metadata.finalizers", "Forbidden: no new finalizers can be added if the object is being deleted")]);
            }

            PrepareUpdate(type, old.Node, next, now, options?.Strict == true);
            if (type.HasGeneration && !SameOutsideMetadata(old.Node, next, ignoreStatus: type.HasStatus))
            {
                metadata["generation"] = (JsonNumbers.Long(old.Metadata["generation"]) ?? 0) + 1;
            }
        }

        ((JsonObject)next["metadata"]!)["resourceVersion"] = old.ResourceVersion;
        next = Canonical(next);
        if (JsonNode.DeepEquals(next, old.Node))
        {
            // A no-op write keeps the resourceVersion and sends no event, as the API server does.
            return old;
        }

        if (dryRun)
        {
            return new StoredObject(next);
        }

        ((JsonObject)next["metadata"]!)["resourceVersion"] = Store.NextResourceVersion().ToString(CultureInfo.InvariantCulture);
        var stored = new StoredObject(next);
        Store.Put(type, old, stored);
        AfterUpdate(type, stored);
        if (stored.Metadata["deletionTimestamp"] is not null && Finalizers(stored.Node).Count == 0)
        {
            // The last finalizer went: the pending delete completes now.
            return RemoveNow(type, stored, now, "Background");
        }

        return stored;
    }

    private static bool NewFinalizers(JsonObject oldMetadata, JsonObject newMetadata)
    {
        var before = Finalizers(new JsonObject { ["metadata"] = oldMetadata.DeepClone() });
        return Finalizers(new JsonObject { ["metadata"] = newMetadata.DeepClone() }).Any(f => !before.Contains(f));
    }

    private static List<string> Finalizers(JsonObject obj) =>
        (obj["metadata"]?["finalizers"] as JsonArray ?? []).Select(f => (string?)f).OfType<string>().ToList();

    /// <summary>Whether only metadata changed; without a status subresource, status edits count as changes (they bump generation).</summary>
    private static bool SameOutsideMetadata(JsonObject a, JsonObject b, bool ignoreStatus)
    {
        foreach (string key in a.Select(p => p.Key).Concat(b.Select(p => p.Key)).Distinct(StringComparer.Ordinal))
        {
            if (key is "metadata" or "apiVersion" or "kind" || (ignoreStatus && key == "status"))
            {
                continue;
            }

            if (!JsonNode.DeepEquals(a[key], b[key]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Puts apiVersion, kind and metadata first, as the API server serializes objects.</summary>
    private static JsonObject Canonical(JsonObject obj)
    {
        var ordered = new JsonObject();
        foreach (string key in (string[])["apiVersion", "kind", "metadata"])
        {
            if (obj.TryGetPropertyValue(key, out JsonNode? value))
            {
                obj.Remove(key);
                ordered[key] = value;
            }
        }

        foreach (KeyValuePair<string, JsonNode?> pair in obj.ToList())
        {
            obj.Remove(pair.Key);
            ordered[pair.Key] = pair.Value;
        }

        return ordered;
    }

    private static string RandomSuffix()
    {
        var builder = new StringBuilder(5);
        for (int i = 0; i < 5; i++)
        {
            builder.Append(GenerateNameAlphabet[RandomNumberGenerator.GetInt32(GenerateNameAlphabet.Length)]);
        }

        return builder.ToString();
    }

    private static void CheckKind(ResourceType type, JsonObject obj)
    {
        string? apiVersion = (string?)obj["apiVersion"];
        string? kind = (string?)obj["kind"];
        if ((apiVersion is { Length: > 0 } && apiVersion != type.GroupVersion) || (kind is { Length: > 0 } && kind != type.Kind))
        {
            throw KubeApiException.BadRequest($"the API version in the data ({apiVersion}) does not match the expected API version ({type.GroupVersion})");
        }

        obj["apiVersion"] = type.GroupVersion;
        obj["kind"] = type.Kind;
    }

    private ApiResult Replace(ApiRequest request, string name)
    {
        StoredObject old = Require(request.Type, request.Namespace, name);
        StoredObject updated = Update(request.Type, old, Body(request), request.Subresource, request.Now, requireVersion: request.Type.IsCustom && request.Subresource is null, request.Write);
        return ApiResult.Of(200, updated);
    }

    private ApiResult List(ApiRequest request)
    {
        ResourceType type = request.Type;
        var labels = LabelSelector.Parse(request.Query("labelSelector"));
        var fields = FieldSelector.Parse(request.Query("fieldSelector"), type);
        int limit = int.TryParse(request.Query("limit"), NumberStyles.None, CultureInfo.InvariantCulture, out int parsed) && parsed > 0 ? parsed : int.MaxValue;
        string? after = null;
        if (request.Query("continue") is { } token)
        {
            try
            {
                after = Encoding.UTF8.GetString(Convert.FromBase64String(token));
            }
            catch (FormatException)
            {
                throw KubeApiException.BadRequest("invalid continue token");
            }
        }

        var items = new List<byte[]>();
        string? lastKey = null;
        bool more = false;
        foreach (KeyValuePair<string, StoredObject> pair in Store.List(type, request.Namespace, after))
        {
            if (!labels.Matches(pair.Value.Node) || !fields.Matches(pair.Value.Node))
            {
                continue;
            }

            if (items.Count == limit)
            {
                more = true;
                break;
            }

            items.Add(pair.Value.Json);
            lastKey = pair.Key;
        }

        var metadata = new JsonObject { ["resourceVersion"] = Store.ResourceVersion.ToString(CultureInfo.InvariantCulture) };
        if (more)
        {
            metadata["continue"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(lastKey!));
        }

        // The items are already serialized; splice them into the envelope instead of re-parsing them.
        string head = KubeJson.Write(new JsonObject { ["kind"] = type.ListKind, ["apiVersion"] = type.GroupVersion, ["metadata"] = metadata });
        using var buffer = new System.IO.MemoryStream();
        buffer.Write(Encoding.UTF8.GetBytes(head[..^1] + ",\"items\":["));
        for (int i = 0; i < items.Count; i++)
        {
            if (i > 0)
            {
                buffer.WriteByte((byte)',');
            }

            buffer.Write(items[i]);
        }

        buffer.Write("]}"u8);
        return new ApiResult(200, buffer.ToArray());
    }
}
