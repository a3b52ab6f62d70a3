// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json.Nodes;
using Vault.Kubernetes.Testing.Internal;

namespace Vault.Kubernetes.Testing.Kv;

/// <summary>KV v2 metadata/, version operations (delete/undelete/destroy), subkeys/ and config.</summary>
internal sealed partial class KvV2Backend
{
    private VaultResponse ReadMetadata(string key)
    {
        if (!_keys.TryGetValue(key, out KvV2Metadata? metadata))
        {
            return VaultResponse.NotFound();
        }

        var versions = new JsonObject();
        foreach ((int number, KvV2Version version) in metadata.Versions)
        {
            versions[number.ToString(CultureInfo.InvariantCulture)] = new JsonObject
            {
                ["created_time"] = AuthBlock.Rfc3339(version.CreatedTime),
                ["deletion_time"] = version.DeletionTime is { } deleted ? AuthBlock.Rfc3339(deleted) : string.Empty,
                ["destroyed"] = version.Destroyed,
            };
        }

        return VaultResponse.Ok(new JsonObject
        {
            ["cas_required"] = metadata.CasRequired,
            ["created_time"] = AuthBlock.Rfc3339(metadata.CreatedTime),
            ["current_version"] = metadata.CurrentVersion,
            ["custom_metadata"] = CustomMetadata(metadata),
            ["delete_version_after"] = Durations.GoString(metadata.DeleteVersionAfter),
            ["max_versions"] = metadata.MaxVersions,
            ["oldest_version"] = metadata.OldestVersion,
            ["updated_time"] = AuthBlock.Rfc3339(metadata.UpdatedTime),
            ["versions"] = versions,
        });
    }

    private VaultResponse WriteMetadata(VaultRequest request, string key)
    {
        JsonObject data = request.Data;
        if (!Durations.TryParse(data["delete_version_after"], out TimeSpan deleteAfter))
        {
            return VaultResponse.BadRequest("invalid delete_version_after");
        }

        _keys.TryGetValue(key, out KvV2Metadata? existing);

        // Parse every field before touching state, so a bad field leaves the key unchanged.
        int maxVersions = JsonFields.Int(data["max_versions"], "max_versions", existing?.MaxVersions ?? 0);
        bool casRequired = JsonFields.Bool(data["cas_required"], "cas_required", existing?.CasRequired ?? false);
        Dictionary<string, string>? custom = JsonMaps.ToDictionary(data["custom_metadata"]);

        KvV2Metadata metadata = existing ?? new KvV2Metadata { CreatedTime = request.Now };
        _keys[key] = metadata;
        metadata.MaxVersions = maxVersions;
        metadata.CasRequired = casRequired;
        if (data.ContainsKey("delete_version_after"))
        {
            metadata.DeleteVersionAfter = deleteAfter;
        }

        if (data.ContainsKey("custom_metadata"))
        {
            metadata.CustomMetadata = custom;
        }

        metadata.UpdatedTime = request.Now;
        Trim(metadata);
        return VaultResponse.NoContent();
    }

    private VaultResponse DeleteMetadata(string key)
    {
        _keys.Remove(key);
        return VaultResponse.NoContent();
    }

    private VaultResponse ForVersions(VaultRequest request, string key, Action<KvV2Version, DateTimeOffset> apply)
    {
        if (request.Data["versions"] is not JsonArray versions || versions.Count == 0)
        {
            return VaultResponse.BadRequest("no version number provided");
        }

        if (_keys.TryGetValue(key, out KvV2Metadata? metadata))
        {
            foreach (JsonNode? node in versions)
            {
                if (node is not null &&
                    int.TryParse(node.ToString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out int number) &&
                    metadata.Versions.TryGetValue(number, out KvV2Version? version))
                {
                    apply(version, request.Now);
                }
            }

            metadata.UpdatedTime = request.Now;
        }

        return VaultResponse.NoContent();
    }

    private VaultResponse Subkeys(VaultRequest request, string key)
    {
        VaultResponse read = ReadData(request, key);
        if (read.StatusCode != 200 || read.Data is not JsonObject envelope)
        {
            return read;
        }

        int depth = request.Data["depth"] is { } depthNode && int.TryParse(depthNode.ToString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out int d) ? d : 0;
        return VaultResponse.Ok(new JsonObject
        {
            ["subkeys"] = Structure((JsonObject)envelope["data"]!, depth, 1),
            ["metadata"] = envelope["metadata"]!.DeepClone(),
        });
    }

    private static JsonObject Structure(JsonObject data, int depth, int level)
    {
        var result = new JsonObject();
        foreach ((string name, JsonNode? value) in data)
        {
            result[name] = value is JsonObject nested && (depth == 0 || level < depth) ? Structure(nested, depth, level + 1) : null;
        }

        return result;
    }

    private VaultResponse Config(VaultRequest request)
    {
        switch (request.Operation)
        {
            case VaultOperation.Read:
                return VaultResponse.Ok(new JsonObject
                {
                    ["cas_required"] = _casRequired,
                    ["delete_version_after"] = Durations.GoString(_deleteVersionAfter),
                    ["max_versions"] = _maxVersions,
                });
            case VaultOperation.Write:
                if (!Durations.TryParse(request.Data["delete_version_after"], out TimeSpan deleteAfter))
                {
                    return VaultResponse.BadRequest("invalid delete_version_after");
                }

                int maxVersions = JsonFields.Int(request.Data["max_versions"], "max_versions", _maxVersions);
                bool casRequired = JsonFields.Bool(request.Data["cas_required"], "cas_required", _casRequired);
                _maxVersions = maxVersions;
                _casRequired = casRequired;
                if (request.Data.ContainsKey("delete_version_after"))
                {
                    _deleteVersionAfter = deleteAfter;
                }

                return VaultResponse.NoContent();
            default:
                return VaultResponse.Unsupported();
        }
    }
}
