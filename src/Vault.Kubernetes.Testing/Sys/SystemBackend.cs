// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Vault.Kubernetes.Testing.Internal;

namespace Vault.Kubernetes.Testing.Sys;

/// <summary>The sys/ mount: a small router of sys routes that plug-ins extend with <see cref="AddRoute"/>.</summary>
internal sealed partial class SystemBackend : IVaultBackend
{
    private readonly VaultCore _core;
    private readonly List<(string Pattern, SysRouteHandler Handler)> _routes = [];
    private readonly List<string> _unauthenticated = [];

    /// <summary>Initializes a new instance of the <see cref="SystemBackend"/> class with the built-in routes.</summary>
    public SystemBackend(VaultCore core)
    {
        _core = core;
        AddRoute("health", Sync(Health), unauthenticated: true);
        AddRoute("seal-status", Sync(SealStatus), unauthenticated: true);
        AddRoute("leader", Sync(Leader), unauthenticated: true);
        AddRoute("internal/ui/mounts*", Sync(UiMounts), unauthenticated: true);
        AddRoute("mounts*", Sync(SecretMounts));
        AddRoute("auth*", Sync(AuthMounts));
        AddRoute("policy*", Sync(LegacyPolicies));
        AddRoute("policies/acl*", Sync(AclPolicies));
        AddRoute("capabilities-self", Sync(CapabilitiesSelf));
        AddRoute("capabilities", Sync(CapabilitiesOfToken));
    }

    /// <inheritdoc/>
    public IReadOnlyCollection<string> UnauthenticatedPaths => _unauthenticated;

    /// <summary>
    /// Adds a sys route. <paramref name="pattern"/> is relative to sys/ ("leases/renew" exact, "leases/*" or "leases*" prefix).
    /// Later routes win over earlier ones for the same path, so plug-ins can override.
    /// </summary>
    public void AddRoute(string pattern, SysRouteHandler handler, bool unauthenticated = false)
    {
        _routes.Insert(0, (pattern, handler));
        if (unauthenticated)
        {
            _unauthenticated.Add(pattern);
        }
    }

    /// <inheritdoc/>
    public ValueTask<VaultResponse> HandleAsync(VaultRequest request, CancellationToken cancellationToken)
    {
        string path = request.RelativePath;
        foreach ((string pattern, SysRouteHandler handler) in _routes)
        {
            if (pattern.EndsWith('*'))
            {
                string prefix = pattern[..^1];
                if (path.StartsWith(prefix, StringComparison.Ordinal))
                {
                    return handler(request, path[prefix.Length..].TrimStart('/'), cancellationToken);
                }
            }
            else if (path.TrimEnd('/') == pattern)
            {
                return handler(request, string.Empty, cancellationToken);
            }
        }

        return ValueTask.FromResult(VaultResponse.Error(404, VaultErrors.Multi(VaultErrors.UnsupportedPath)));
    }

    private static SysRouteHandler Sync(Func<VaultRequest, string, VaultResponse> handler) =>
        (request, subPath, _) => ValueTask.FromResult(handler(request, subPath));

    private static VaultResponse SysData(JsonObject data) => new() { Data = data, InjectDataAtTopLevel = true };
}
