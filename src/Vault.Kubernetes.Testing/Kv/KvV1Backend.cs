// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Vault.Kubernetes.Testing.Internal;

namespace Vault.Kubernetes.Testing.Kv;

/// <summary>KV version 1: flat maps, no versions; reads advertise the mount default TTL (or the secret's own ttl) as lease_duration.</summary>
internal sealed class KvV1Backend(VaultCore core, MountEntry mount) : IVaultBackend
{
    private readonly Dictionary<string, JsonObject> _secrets = new(StringComparer.Ordinal);

    /// <inheritdoc/>
    public bool Exists(VaultRequest request) => _secrets.ContainsKey(request.RelativePath);

    /// <summary>Stores a secret (in-process seeding).</summary>
    public void Put(string path, JsonObject data) => _secrets[path.Trim('/')] = (JsonObject)data.DeepClone();

    /// <summary>Returns a copy of a secret, or null.</summary>
    public JsonObject? Get(string path) => _secrets.TryGetValue(path.Trim('/'), out JsonObject? data) ? (JsonObject)data.DeepClone() : null;

    /// <inheritdoc/>
    public ValueTask<VaultResponse> HandleAsync(VaultRequest request, CancellationToken cancellationToken)
    {
        string path = request.RelativePath;
        VaultResponse response;
        switch (request.Operation)
        {
            case VaultOperation.List:
                response = KvKeys.List(_secrets.Keys, KvKeys.Folder(path));
                break;
            case VaultOperation.Read:
                response = _secrets.TryGetValue(path, out JsonObject? data) ? Read(data) : VaultResponse.NotFound();
                break;
            case VaultOperation.Write:
                if (request.Data.Count == 0)
                {
                    response = VaultResponse.BadRequest("missing data fields");
                    break;
                }

                if (request.Data["ttl"] is { } ttlNode && !Durations.TryParse(ttlNode, out _))
                {
                    response = VaultResponse.BadRequest("failed to parse ttl for entry");
                    break;
                }

                _secrets[path] = (JsonObject)request.Data.DeepClone();
                response = VaultResponse.NoContent();
                break;
            case VaultOperation.Delete:
                _secrets.Remove(path);
                response = VaultResponse.NoContent();
                break;
            default:
                response = VaultResponse.Unsupported();
                break;
        }

        return ValueTask.FromResult(response);
    }

    private VaultResponse Read(JsonObject data)
    {
        TimeSpan ttl = TimeSpan.Zero;
        if (data["ttl"] is { } ttlNode)
        {
            Durations.TryParse(ttlNode, out ttl);
        }
        else if (data["lease"] is { } leaseNode)
        {
            Durations.TryParse(leaseNode, out ttl);
        }

        if (ttl <= TimeSpan.Zero)
        {
            ttl = mount.DefaultLeaseTtl > TimeSpan.Zero ? mount.DefaultLeaseTtl : core.Leases.DefaultTtl;
        }

        return new VaultResponse { Data = data.DeepClone(), LeaseDuration = Durations.Seconds(ttl) };
    }
}
