// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Vault.Kubernetes.Testing.Internal;
using Vault.Kubernetes.Testing.Leases;

namespace Vault.Kubernetes.Testing.Kubernetes;

/// <summary>The HTTP face of a Kubernetes auth mount: <c>login</c>, <c>config</c>, <c>role/&lt;name&gt;</c> and <c>LIST role</c>.</summary>
internal sealed class KubernetesAuthMount : IVaultBackend
{
    private readonly VaultCore _core;
    private readonly MountEntry _mount;
    private readonly Dictionary<string, string> _entityIds = new(StringComparer.Ordinal);

    public KubernetesAuthMount(VaultCore core, MountEntry mount, KubernetesAuthBackend backend)
    {
        _core = core;
        _mount = mount;
        Backend = backend;
    }

    /// <summary>Gets the auth method's state (config, roles, login validation).</summary>
    public KubernetesAuthBackend Backend { get; }

    /// <inheritdoc/>
    public IReadOnlyCollection<string> UnauthenticatedPaths => ["login"];

    /// <inheritdoc/>
    public bool Exists(VaultRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        string path = request.RelativePath.TrimEnd('/');
        return path == "config" ? Backend.Config is not null
            : !path.StartsWith("role/", StringComparison.Ordinal) || Backend.ReadRole(path["role/".Length..]) is not null;
    }

    /// <inheritdoc/>
    public ValueTask<VaultResponse> HandleAsync(VaultRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        string path = request.RelativePath;
        if (path.TrimEnd('/') == "login" && request.Operation == VaultOperation.Write)
        {
            return LoginAsync(request, cancellationToken);
        }

        VaultResponse response = (path.TrimEnd('/'), request.Operation) switch
        {
            ("login", _) => VaultResponse.Unsupported(),
            ("config", VaultOperation.Write) => WriteConfig(request),
            ("config", VaultOperation.Read) => Backend.Config is { } config ? VaultResponse.Ok(config.ToResponseData()) : VaultResponse.NotFound(),
            ("config", _) => VaultResponse.Unsupported(),
            ("role", VaultOperation.List) => ListRoles(),
            _ when path.StartsWith("role/", StringComparison.Ordinal) && path.Length > "role/".Length => Role(request, path["role/".Length..]),
            _ => VaultResponse.Error(404, VaultErrors.Multi(VaultErrors.UnsupportedPath)),
        };
        return ValueTask.FromResult(response);
    }

    private VaultResponse WriteConfig(VaultRequest request)
    {
        Backend.WriteConfig(new RequestFields(request.Data));
        return VaultResponse.NoContent();
    }

    private VaultResponse ListRoles()
    {
        IReadOnlyList<string> roles = Backend.ListRoles();
        return roles.Count == 0 ? VaultResponse.NotFound() : VaultResponse.Ok(new JsonObject { ["keys"] = AuthBlock.StringArray(roles) });
    }

    private VaultResponse Role(VaultRequest request, string name)
    {
        switch (request.Operation)
        {
            case VaultOperation.Write:
                Backend.WriteRole(name, new RequestFields(request.Data));
                return VaultResponse.NoContent();
            case VaultOperation.Read:
                return Backend.ReadRole(name) is { } role ? VaultResponse.Ok(role.ToResponseData()) : VaultResponse.NotFound();
            case VaultOperation.Delete:
                Backend.DeleteRole(name);
                return VaultResponse.NoContent();
            default:
                return VaultResponse.Unsupported();
        }
    }

    private async ValueTask<VaultResponse> LoginAsync(VaultRequest request, CancellationToken cancellationToken)
    {
        KubernetesLoginGrant grant = await Backend.LoginAsync(request.GetString("role"), request.GetString("jwt"), request.HttpContext.Connection.RemoteIpAddress, cancellationToken).ConfigureAwait(false);
        TimeSpan maxTtl = EffectiveMaxTtl(grant.MaxTtl);
        TimeSpan ttl = EffectiveTtl(grant.Ttl, maxTtl);
        if (!_entityIds.TryGetValue(grant.AliasName, out string? entityId))
        {
            entityId = Ids.Uuid();
            _entityIds[grant.AliasName] = entityId;
        }

        TokenEntry token = _core.Tokens.Create(new TokenCreateRequest
        {
            Policies = grant.Policies,
            NoDefaultPolicy = true,
            Ttl = ttl,
            ExplicitMaxTtl = grant.ExplicitMaxTtl,
            Period = grant.Period,
            Renewable = !grant.Batch,
            Meta = grant.Metadata,
            DisplayName = grant.DisplayName,
            Path = _mount.Path + "login",
            ParentId = null,
            Role = grant.RoleName,
            EntityId = entityId,
            NumUses = grant.NumUses,
        });
        if (maxTtl < token.MaxTtl)
        {
            token.MaxTtl = maxTtl;
        }

        string roleName = grant.RoleName;
        token.RenewCheck = renewed => ReapplyRole(renewed, roleName);
        return new VaultResponse { Auth = AuthBlock.From(token, _core.Clock.GetUtcNow()) };
    }

    private string? ReapplyRole(TokenEntry token, string roleName)
    {
        // Vault's login renewal re-checks that the role exists and applies its current token TTLs.
        if (Backend.ReadRole(roleName) is not { } role)
        {
            return $"role {roleName} does not exist during renewal";
        }

        token.MaxTtl = EffectiveMaxTtl(role.TokenMaxTtl);
        token.Ttl = EffectiveTtl(role.TokenTtl, token.MaxTtl);
        token.Period = role.TokenPeriod;
        return null;
    }

    private TimeSpan EffectiveMaxTtl(TimeSpan roleMax)
    {
        TimeSpan max = _core.Tokens.SystemMaxTtl;
        foreach (TimeSpan candidate in (TimeSpan[])[roleMax, _mount.MaxLeaseTtl])
        {
            if (candidate > TimeSpan.Zero && candidate < max)
            {
                max = candidate;
            }
        }

        return max;
    }

    private TimeSpan EffectiveTtl(TimeSpan roleTtl, TimeSpan maxTtl)
    {
        TimeSpan ttl = roleTtl > TimeSpan.Zero ? roleTtl : _mount.DefaultLeaseTtl > TimeSpan.Zero ? _mount.DefaultLeaseTtl : _core.Tokens.DefaultTtl;
        return ttl > maxTtl ? maxTtl : ttl;
    }
}
