// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using Vault.Kubernetes.Testing.Internal;

namespace Vault.Kubernetes.Testing.Kv;

/// <summary>KV v2 data/ reads, writes (cas), patches and soft deletes.</summary>
internal sealed partial class KvV2Backend
{
    /// <summary>Writes a new version (in-process seeding; no cas).</summary>
    public int Put(string key, JsonObject data, DateTimeOffset now) => AddVersion(key.Trim('/'), (JsonObject)data.DeepClone(), now);

    /// <summary>Returns a copy of the current version's data if readable, else null.</summary>
    public JsonObject? Get(string key, DateTimeOffset now) =>
        _keys.TryGetValue(key.Trim('/'), out KvV2Metadata? metadata) &&
        metadata.Versions.TryGetValue(metadata.CurrentVersion, out KvV2Version? version) && !version.IsGone(now)
            ? (JsonObject?)version.Data?.DeepClone()
            : null;

    private VaultResponse ReadData(VaultRequest request, string key)
    {
        int requested = 0;
        if (request.Data["version"] is { } versionNode &&
            !int.TryParse(versionNode.ToString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out requested))
        {
            return VaultResponse.BadRequest("error converting input version for field \"version\": " + versionNode);
        }

        if (!_keys.TryGetValue(key, out KvV2Metadata? metadata))
        {
            return VaultResponse.NotFound();
        }

        int number = requested > 0 ? requested : metadata.CurrentVersion;
        if (!metadata.Versions.TryGetValue(number, out KvV2Version? version))
        {
            return VaultResponse.NotFound();
        }

        JsonObject versionMetadata = VersionMetadata(metadata, number, version);
        if (version.IsGone(request.Now))
        {
            // The plugin answers 404 with a normal envelope (no errors key) so clients can see why.
            return new VaultResponse { StatusCode = 404, Data = new JsonObject { ["data"] = null, ["metadata"] = versionMetadata } };
        }

        return VaultResponse.Ok(new JsonObject { ["data"] = version.Data!.DeepClone(), ["metadata"] = versionMetadata });
    }

    private VaultResponse WriteData(VaultRequest request, string key)
    {
        if (request.Data["data"] is not JsonObject data)
        {
            return VaultResponse.BadRequest("no data provided");
        }

        if (CheckCas(request, key) is { } casError)
        {
            return casError;
        }

        int number = AddVersion(key, (JsonObject)data.DeepClone(), request.Now);
        KvV2Metadata metadata = _keys[key];
        return VaultResponse.Ok(VersionMetadata(metadata, number, metadata.Versions[number]));
    }

    private VaultResponse PatchData(VaultRequest request, string key)
    {
        if (request.Data["data"] is not JsonObject patch)
        {
            return VaultResponse.BadRequest("no data provided");
        }

        if (!_keys.TryGetValue(key, out KvV2Metadata? metadata) ||
            !metadata.Versions.TryGetValue(metadata.CurrentVersion, out KvV2Version? current) || current.IsGone(request.Now))
        {
            return VaultResponse.NotFound();
        }

        if (CheckCas(request, key) is { } casError)
        {
            return casError;
        }

        var merged = (JsonObject)current.Data!.DeepClone();
        MergePatch(merged, patch);
        int number = AddVersion(key, merged, request.Now);
        return VaultResponse.Ok(VersionMetadata(metadata, number, metadata.Versions[number]));
    }

    private VaultResponse SoftDeleteLatest(VaultRequest request, string key)
    {
        if (_keys.TryGetValue(key, out KvV2Metadata? metadata) &&
            metadata.Versions.TryGetValue(metadata.CurrentVersion, out KvV2Version? version) && !version.IsGone(request.Now))
        {
            version.DeletionTime = request.Now;
            metadata.UpdatedTime = request.Now;
        }

        return VaultResponse.NoContent();
    }

    private VaultResponse? CheckCas(VaultRequest request, string key)
    {
        _keys.TryGetValue(key, out KvV2Metadata? metadata);
        JsonNode? casNode = (request.Data["options"] as JsonObject)?["cas"];
        if (casNode is null)
        {
            return _casRequired || metadata?.CasRequired == true
                ? VaultResponse.BadRequest("check-and-set parameter required for this call")
                : null;
        }

        if (casNode is not JsonValue casValue || casValue.GetValueKind() != JsonValueKind.Number || !casValue.TryGetValue(out int cas))
        {
            return VaultResponse.BadRequest("error parsing check-and-set parameter");
        }

        return cas == (metadata?.CurrentVersion ?? 0) ? null : VaultResponse.BadRequest("check-and-set parameter did not match the current version");
    }

    private int AddVersion(string key, JsonObject data, DateTimeOffset now)
    {
        if (!_keys.TryGetValue(key, out KvV2Metadata? metadata))
        {
            metadata = new KvV2Metadata { CreatedTime = now, UpdatedTime = now };
            _keys[key] = metadata;
        }

        int number = metadata.CurrentVersion + 1;
        TimeSpan deleteAfter = EffectiveDeleteAfter(metadata);
        metadata.Versions[number] = new KvV2Version
        {
            Data = data,
            CreatedTime = now,
            DeletionTime = deleteAfter > TimeSpan.Zero ? now + deleteAfter : null,
        };
        metadata.CurrentVersion = number;
        metadata.UpdatedTime = now;
        Trim(metadata);
        return number;
    }

    private void Trim(KvV2Metadata metadata)
    {
        int max = EffectiveMaxVersions(metadata);
        while (metadata.Versions.Count > max)
        {
            metadata.Versions.Remove(metadata.Versions.Keys.First());
        }

        metadata.OldestVersion = metadata.Versions.Count == 0 ? 0 : metadata.Versions.Keys.First();
    }

    private static void MergePatch(JsonObject target, JsonObject patch)
    {
        foreach ((string name, JsonNode? value) in patch.ToList())
        {
            if (value is null)
            {
                target.Remove(name);
            }
            else if (value is JsonObject patchObject && target[name] is JsonObject targetObject)
            {
                MergePatch(targetObject, patchObject);
            }
            else
            {
                target[name] = value.DeepClone();
            }
        }
    }
}
