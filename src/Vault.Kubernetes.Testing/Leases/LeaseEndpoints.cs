// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Vault.Kubernetes.Testing.Internal;
using Vault.Kubernetes.Testing.Sys;

namespace Vault.Kubernetes.Testing.Leases;

/// <summary><c>sys/leases/renew</c>, <c>lookup</c>, <c>revoke</c>, <c>revoke-prefix</c> and <c>revoke-force</c> over the core lease store.</summary>
internal sealed class LeaseEndpoints
{
    private readonly VaultCore _core;

    private LeaseEndpoints(VaultCore core)
    {
        _core = core;
    }

    /// <summary>Adds the routes to the core's sys router (later routes win, so the prefix routes come last).</summary>
    public static void Register(VaultCore core)
    {
        var endpoints = new LeaseEndpoints(core);
        foreach (string root in (string[])["leases/", string.Empty])
        {
            core.System.AddRoute(root + "renew*", Sync(endpoints.Renew));
            core.System.AddRoute(root + "revoke*", Sync(endpoints.Revoke));
            core.System.AddRoute(root + "revoke-prefix*", Sync(endpoints.RevokePrefix));
            core.System.AddRoute(root + "revoke-force*", Sync(endpoints.RevokePrefix));
        }

        core.System.AddRoute("leases/lookup*", Sync(endpoints.Lookup));
    }

    private static SysRouteHandler Sync(Func<VaultRequest, string, VaultResponse> handler) =>
        (request, subPath, _) => ValueTask.FromResult(handler(request, subPath));

    private static string? LeaseId(VaultRequest request, string subPath)
    {
        // The body wins over the id given as a path suffix (sys/leases/renew/<id>).
        string? id = request.GetString("lease_id");
        return string.IsNullOrEmpty(id) ? (subPath.Length > 0 ? subPath : null) : id;
    }

    private VaultResponse Renew(VaultRequest request, string subPath)
    {
        if (request.Operation != VaultOperation.Write)
        {
            return VaultResponse.Unsupported();
        }

        string? id = LeaseId(request, subPath);
        if (string.IsNullOrEmpty(id))
        {
            return VaultResponse.BadRequest("lease_id must be specified");
        }

        if (!Durations.TryParse(request.Data["increment"], out TimeSpan increment) || increment < TimeSpan.Zero)
        {
            return VaultResponse.BadRequest("error converting input for field \"increment\": invalid value");
        }

        if (_core.Leases.Get(id) is not { } lease)
        {
            // Token leases live in the token store; Vault keys them under auth/<mount>/...
            return VaultResponse.BadRequest(id.StartsWith("auth/", StringComparison.Ordinal)
                ? "tokens cannot be renewed through this endpoint"
                : "lease not found");
        }

        TtlResult result = _core.Leases.Renew(lease, increment);
        if (result.Error is { } error)
        {
            return VaultResponse.BadRequest(error);
        }

        var response = new VaultResponse
        {
            LeaseId = lease.Id,
            Renewable = lease.Renewable,
            LeaseDuration = Durations.Seconds(result.Ttl),
        };
        return result.Warning is { } warning ? response.AddWarning(warning) : response;
    }

    private VaultResponse Lookup(VaultRequest request, string subPath)
    {
        if (request.Operation == VaultOperation.List)
        {
            return List(subPath);
        }

        if (request.Operation != VaultOperation.Write || subPath.Length > 0)
        {
            return VaultResponse.Unsupported();
        }

        string? id = request.GetString("lease_id");
        if (string.IsNullOrEmpty(id))
        {
            return VaultResponse.BadRequest("lease_id must be specified");
        }

        if (_core.Leases.Get(id) is not { } lease)
        {
            return VaultResponse.BadRequest("invalid lease");
        }

        DateTimeOffset now = _core.Clock.GetUtcNow();
        return VaultResponse.Ok(new JsonObject
        {
            ["expire_time"] = AuthBlock.Rfc3339(lease.ExpireTime),
            ["id"] = lease.Id,
            ["issue_time"] = AuthBlock.Rfc3339(lease.IssueTime),
            ["last_renewal"] = lease.LastRenewal is { } renewed ? AuthBlock.Rfc3339(renewed) : null,
            ["renewable"] = lease.Renewable,
            ["ttl"] = Durations.Seconds(lease.Remaining(now)),
        });
    }

    private VaultResponse List(string prefix)
    {
        // Like a directory listing: the next path segment under the prefix ("creds/"), or the lease's own suffix.
        var keys = new SortedSet<string>(StringComparer.Ordinal);
        foreach (Lease lease in _core.Leases.All.Where(l => l.Id.StartsWith(prefix, StringComparison.Ordinal)))
        {
            string rest = lease.Id[prefix.Length..];
            int slash = rest.IndexOf('/', StringComparison.Ordinal);
            keys.Add(slash < 0 ? rest : rest[..(slash + 1)]);
        }

        return keys.Count == 0 ? VaultResponse.NotFound() : VaultResponse.Ok(new JsonObject { ["keys"] = AuthBlock.StringArray(keys) });
    }

    private VaultResponse Revoke(VaultRequest request, string subPath)
    {
        if (request.Operation != VaultOperation.Write)
        {
            return VaultResponse.Unsupported();
        }

        string? id = LeaseId(request, subPath);
        if (string.IsNullOrEmpty(id))
        {
            return VaultResponse.BadRequest("lease_id must be specified");
        }

        // Revoking an unknown lease succeeds (the expiration manager treats it as already gone).
        _core.Leases.Revoke(id);
        bool sync = request.Data["sync"] is not JsonValue value || !value.TryGetValue(out bool flag) || flag;
        return sync ? VaultResponse.NoContent() : new VaultResponse { StatusCode = 202, Kind = VaultResponseKind.Empty };
    }

    private VaultResponse RevokePrefix(VaultRequest request, string subPath)
    {
        // The prefix is required: an empty one would revoke every lease on the server.
        if (request.Operation != VaultOperation.Write || subPath.Length == 0)
        {
            return VaultResponse.Unsupported();
        }

        _core.Leases.RevokePrefix(subPath);
        return VaultResponse.NoContent();
    }
}
