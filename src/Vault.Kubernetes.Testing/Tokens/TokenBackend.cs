// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Vault.Kubernetes.Testing.Internal;

namespace Vault.Kubernetes.Testing.Tokens;

/// <summary>The auth/token/ mount: create, lookup(-self), renew(-self), revoke(-self), lookup/revoke by accessor.</summary>
internal sealed class TokenBackend(VaultCore core) : IVaultBackend
{
    /// <inheritdoc/>
    public ValueTask<VaultResponse> HandleAsync(VaultRequest request, CancellationToken cancellationToken)
    {
        TokenEntry caller = request.Token!;
        VaultResponse response = (request.RelativePath, request.Operation) switch
        {
            ("lookup-self", VaultOperation.Read or VaultOperation.Write) => Lookup(caller, request.Now),
            ("renew-self", VaultOperation.Write) => Renew(caller, request),
            ("revoke-self", VaultOperation.Write) => Revoke(caller),
            ("lookup", VaultOperation.Read or VaultOperation.Write) => WithTarget(request, t => Lookup(t, request.Now)),
            ("renew", VaultOperation.Write) => WithTarget(request, t => Renew(t, request)),
            ("revoke", VaultOperation.Write) => WithTarget(request, Revoke, missingIsSuccess: true),
            ("lookup-accessor", VaultOperation.Write) => WithAccessor(request, t => Lookup(Redacted(t), request.Now)),
            ("revoke-accessor", VaultOperation.Write) => WithAccessor(request, Revoke),
            ("create" or "create-orphan", VaultOperation.Write) => Create(caller, request, request.RelativePath == "create-orphan"),
            ("lookup-self" or "renew-self" or "revoke-self" or "lookup" or "renew" or "revoke" or "create" or "create-orphan" or "lookup-accessor" or "revoke-accessor", _)
                => VaultResponse.Unsupported(),
            _ => VaultResponse.Error(404, VaultErrors.Multi(VaultErrors.UnsupportedPath)),
        };
        return ValueTask.FromResult(response);
    }

    private static TokenEntry Redacted(TokenEntry token) => new()
    {
        Id = string.Empty,
        Accessor = token.Accessor,
        Policies = token.Policies,
        Path = token.Path,
        DisplayName = token.DisplayName,
        Meta = token.Meta,
        CreationTime = token.CreationTime,
        CreationTtl = token.CreationTtl,
        Ttl = token.Ttl,
        MaxTtl = token.MaxTtl,
        ExplicitMaxTtl = token.ExplicitMaxTtl,
        Period = token.Period,
        ExpireTime = token.ExpireTime,
        Renewable = token.Renewable,
        NumUses = token.NumUses,
        Orphan = token.Orphan,
        ParentId = token.ParentId,
        Type = token.Type,
        EntityId = token.EntityId,
        LastRenewal = token.LastRenewal,
        Role = token.Role,
    };

    private static VaultResponse Lookup(TokenEntry token, DateTimeOffset now) => VaultResponse.Ok(AuthBlock.Lookup(token, now));

    private VaultResponse Renew(TokenEntry token, VaultRequest request)
    {
        if (!Durations.TryParse(request.Data["increment"], out TimeSpan increment))
        {
            return VaultResponse.BadRequest("invalid increment");
        }

        TtlResult result = core.Tokens.Renew(token, increment);
        if (result.Error is not null)
        {
            return VaultResponse.BadRequest(result.Error);
        }

        var response = new VaultResponse { Auth = AuthBlock.From(token, request.Now) };
        if (result.Warning is not null)
        {
            response.AddWarning(result.Warning);
        }

        return response;
    }

    private VaultResponse Revoke(TokenEntry token)
    {
        core.Tokens.Revoke(token);
        return VaultResponse.NoContent();
    }

    private VaultResponse WithTarget(VaultRequest request, Func<TokenEntry, VaultResponse> action, bool missingIsSuccess = false)
    {
        string? id = request.GetString("token");
        if (string.IsNullOrEmpty(id))
        {
            return VaultResponse.BadRequest("missing token");
        }

        TokenEntry? target = core.Tokens.Lookup(id);
        if (target is null)
        {
            return missingIsSuccess ? VaultResponse.NoContent() : VaultResponse.BadRequest(request.RelativePath == "lookup" ? "bad token" : "token not found");
        }

        return action(target);
    }

    private VaultResponse WithAccessor(VaultRequest request, Func<TokenEntry, VaultResponse> action)
    {
        string? accessor = request.GetString("accessor");
        if (string.IsNullOrEmpty(accessor))
        {
            return VaultResponse.BadRequest("missing accessor");
        }

        TokenEntry? target = core.Tokens.LookupByAccessor(accessor);
        return target is null ? VaultResponse.BadRequest("invalid accessor") : action(target);
    }

    private VaultResponse Create(TokenEntry parent, VaultRequest request, bool orphan)
    {
        JsonObject data = request.Data;
        if (!Durations.TryParse(data["ttl"], out TimeSpan ttl) ||
            !Durations.TryParse(data["explicit_max_ttl"], out TimeSpan explicitMax) ||
            !Durations.TryParse(data["period"], out TimeSpan period))
        {
            return VaultResponse.BadRequest("invalid duration in ttl, explicit_max_ttl or period");
        }

        List<string> policies = data["policies"] is JsonArray array
            ? [.. array.Select(p => p?.GetValue<string>() ?? string.Empty)]
            : [.. (request.GetString("policies") ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
        if (policies.Count == 0)
        {
            policies = [.. parent.Policies];
        }

        if (!parent.IsRoot && policies.Except(parent.Policies).Except([PolicyStore.Default]).Any())
        {
            return VaultResponse.BadRequest("child policies must be subset of parent");
        }

        Dictionary<string, string>? meta = JsonMaps.ToDictionary(data["meta"]);

        string displayName = request.GetString("display_name") is { Length: > 0 } name ? "token-" + name : "token";
        TokenEntry token = core.Tokens.Create(new TokenCreateRequest
        {
            Policies = policies,
            Ttl = ttl,
            ExplicitMaxTtl = explicitMax,
            Period = period,
            Renewable = JsonFields.Bool(data["renewable"], "renewable", fallback: true),
            Meta = meta,
            DisplayName = displayName,
            Path = "auth/token/" + request.RelativePath,
            NumUses = JsonFields.Int(data["num_uses"], "num_uses", fallback: 0),
            ParentId = orphan || JsonFields.Bool(data["no_parent"], "no_parent", fallback: false) ? null : parent.Id,
            NoDefaultPolicy = JsonFields.Bool(data["no_default_policy"], "no_default_policy", fallback: false),
            Id = parent.IsRoot ? request.GetString("id") : null,
        });
        return new VaultResponse { Auth = AuthBlock.From(token, request.Now) };
    }
}
