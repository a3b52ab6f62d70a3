// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Globalization;
using System.Text.Json.Nodes;
using Vault.Kubernetes.Testing.Internal;

namespace Vault.Kubernetes.Testing.Sys;

/// <summary>sys/health, sys/seal-status and sys/leader (raw JSON, unauthenticated).</summary>
internal sealed partial class SystemBackend
{
    private readonly string _clusterName = "vault-cluster-" + Ids.Base62(8).ToLowerInvariant();
    private readonly string _clusterId = Ids.Uuid();

    private VaultResponse Health(VaultRequest request, string subPath)
    {
        if (request.Operation != VaultOperation.Read)
        {
            return VaultResponse.Unsupported();
        }

        bool isSealed = _core.Faults.IsSealed;
        bool standby = !isSealed && _core.Faults.StandbyActiveAddress is not null;
        int status;
        if (isSealed)
        {
            status = Code(request, "sealedcode", 503);
        }
        else if (standby)
        {
            status = Flag(request, "standbyok") ? Code(request, "activecode", 200) : Code(request, "standbycode", 429);
        }
        else
        {
            status = Code(request, "activecode", 200);
        }

        var body = new JsonObject
        {
            ["initialized"] = true,
            ["sealed"] = isSealed,
            ["standby"] = standby,
            ["performance_standby"] = false,
            ["replication_performance_mode"] = "disabled",
            ["replication_dr_mode"] = "disabled",
            ["server_time_utc"] = request.Now.ToUnixTimeSeconds(),
            ["version"] = _core.Options.Version,
            ["enterprise"] = false,
            ["echo_duration_ms"] = 0,
            ["clock_skew_ms"] = 0,
        };
        if (!isSealed)
        {
            body["cluster_name"] = _clusterName;
            body["cluster_id"] = _clusterId;
        }

        return VaultResponse.Raw(status, body);
    }

    private VaultResponse SealStatus(VaultRequest request, string subPath)
    {
        bool isSealed = _core.Faults.IsSealed;
        var body = new JsonObject
        {
            ["type"] = "shamir",
            ["initialized"] = true,
            ["sealed"] = isSealed,
            ["t"] = 1,
            ["n"] = 1,
            ["progress"] = 0,
            ["nonce"] = string.Empty,
            ["version"] = _core.Options.Version,
            ["build_date"] = "2025-03-04T12:00:00Z",
            ["migration"] = false,
            ["recovery_seal"] = false,
            ["storage_type"] = "inmem",
        };
        if (!isSealed)
        {
            body["cluster_name"] = _clusterName;
            body["cluster_id"] = _clusterId;
        }

        return VaultResponse.Raw(200, body);
    }

    private VaultResponse Leader(VaultRequest request, string subPath)
    {
        Uri? active = _core.Faults.StandbyActiveAddress;
        return VaultResponse.Raw(200, new JsonObject
        {
            ["ha_enabled"] = active is not null,
            ["is_self"] = false,
            ["active_time"] = "0001-01-01T00:00:00Z",
            ["leader_address"] = active?.ToString().TrimEnd('/') ?? string.Empty,
            ["leader_cluster_address"] = string.Empty,
            ["performance_standby"] = false,
            ["performance_standby_last_remote_wal"] = 0,
        });
    }

    private static bool Flag(VaultRequest request, string name) =>
        request.Query.TryGetValue(name, out string? value) && (value.Length == 0 || bool.TryParse(value, out bool flag) && flag);

    private static int Code(VaultRequest request, string name, int fallback) =>
        request.Query.TryGetValue(name, out string? value) && int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out int code) ? code : fallback;
}
