// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using Vault.Kubernetes.Testing.Internal;

namespace Vault.Kubernetes.Testing.Sys;

/// <summary>sys/mounts, sys/auth and sys/internal/ui/mounts.</summary>
internal sealed partial class SystemBackend
{
    private VaultResponse SecretMounts(VaultRequest request, string subPath) => MountRoute(request, subPath, isAuth: false);

    private VaultResponse AuthMounts(VaultRequest request, string subPath) => MountRoute(request, subPath, isAuth: true);

    private VaultResponse MountRoute(VaultRequest request, string subPath, bool isAuth)
    {
        string prefix = isAuth ? "auth/" : string.Empty;
        if (subPath.Length == 0)
        {
            if (request.Operation != VaultOperation.Read)
            {
                return VaultResponse.Unsupported();
            }

            var all = new JsonObject();
            foreach (MountEntry mount in _core.Mounts.All.Where(m => m.IsAuth == isAuth))
            {
                all[mount.Path[prefix.Length..]] = mount.ToJson();
            }

            return SysData(all);
        }

        bool tune = subPath.EndsWith("/tune", StringComparison.Ordinal);
        string mountPath = tune ? subPath[..^"/tune".Length] : subPath;
        MountEntry? existing = _core.Mounts.Get(prefix + mountPath);
        if (tune)
        {
            return Tune(request, existing, mountPath);
        }

        switch (request.Operation)
        {
            case VaultOperation.Read:
                return existing is null ? VaultResponse.BadRequest($"no matching mount at \"{mountPath}/\"") : SysData(existing.ToJson());
            case VaultOperation.Delete:
                if (existing is not null && existing.Type is "system" or "token" or "cubbyhole")
                {
                    return VaultResponse.BadRequest($"cannot unmount \"{mountPath}/\"");
                }

                if (existing is not null)
                {
                    _core.Mounts.Remove(existing.Path);
                    _core.Leases.RevokePrefix(existing.Path);
                }

                return VaultResponse.NoContent();
            case VaultOperation.Write:
                string? type = request.GetString("type");
                if (string.IsNullOrEmpty(type))
                {
                    return VaultResponse.BadRequest("backend type must be specified as a string");
                }

                Dictionary<string, string>? options = JsonMaps.ToDictionary(request.Data["options"]);

                string? error = _core.Mount(mountPath, type, options, isAuth, request.GetString("description") ?? string.Empty);
                if (error is not null)
                {
                    return VaultResponse.BadRequest(error);
                }

                if (request.Data["config"] is JsonObject config)
                {
                    ApplyTune(_core.Mounts.Get(prefix + mountPath)!, config);
                }

                return VaultResponse.NoContent();
            default:
                return VaultResponse.Unsupported();
        }
    }

    private static VaultResponse Tune(VaultRequest request, MountEntry? mount, string mountPath)
    {
        if (mount is null)
        {
            return VaultResponse.BadRequest($"cannot fetch sysview for path \"{mountPath}/\"");
        }

        if (request.Operation == VaultOperation.Write)
        {
            return ApplyTune(mount, request.Data) ?? VaultResponse.NoContent();
        }

        return SysData(new JsonObject
        {
            ["default_lease_ttl"] = Durations.Seconds(mount.DefaultLeaseTtl),
            ["max_lease_ttl"] = Durations.Seconds(mount.MaxLeaseTtl),
            ["force_no_cache"] = false,
            ["description"] = mount.Description,
        });
    }

    private static VaultResponse? ApplyTune(MountEntry mount, JsonObject config)
    {
        if (!Durations.TryParse(config["default_lease_ttl"], out TimeSpan defaultTtl) ||
            !Durations.TryParse(config["max_lease_ttl"], out TimeSpan maxTtl))
        {
            return VaultResponse.BadRequest("invalid default_lease_ttl or max_lease_ttl");
        }

        if (config.ContainsKey("default_lease_ttl"))
        {
            mount.DefaultLeaseTtl = defaultTtl;
        }

        if (config.ContainsKey("max_lease_ttl"))
        {
            mount.MaxLeaseTtl = maxTtl;
        }

        return null;
    }

    private VaultResponse UiMounts(VaultRequest request, string subPath)
    {
        if (request.Operation != VaultOperation.Read)
        {
            return VaultResponse.Unsupported();
        }

        // Vault resolves a sent token before looking at mounts (so the answer does not reveal whether a mount exists): one that
        // is unknown, revoked or expired fails as "invalid token" on both forms. Only the listing answers without a token.
        TokenEntry? token = request.Token;
        if (subPath.Length == 0)
        {
            if (token is null && !string.IsNullOrEmpty(request.ClientToken))
            {
                return VaultResponse.TokenRejected(request.ClientToken);
            }

            var secret = new JsonObject();
            var auth = new JsonObject();
            foreach (MountEntry mount in _core.Mounts.All.Where(m => token is not null && _core.Policies.GrantsAnythingUnder(token.Policies, m.Path)))
            {
                (mount.IsAuth ? auth : secret)[mount.IsAuth ? mount.Path["auth/".Length..] : mount.Path] = mount.ToJson();
            }

            return VaultResponse.Ok(new JsonObject { ["auth"] = auth, ["secret"] = secret });
        }

        if (token is null)
        {
            return VaultResponse.TokenRejected(request.ClientToken);
        }

        string requested = subPath.EndsWith('/') ? subPath : subPath + "/";
        MountEntry? match = _core.Mounts.Match(subPath, out _);
        if (match is null || !_core.Policies.GrantsAnythingUnder(token.Policies, match.Path))
        {
            return VaultResponse.Error(403, $"preflight capability check returned 403, please ensure client's policies grant access to path \"{requested}\"");
        }

        JsonObject data = match.ToJson();
        data["path"] = match.Path;
        return new VaultResponse { Data = data, MountType = "system" };
    }
}
