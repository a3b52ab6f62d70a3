// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Vault.Kubernetes.Testing.Internal;
using Vault.Kubernetes.Testing.Sys;

namespace Vault.Kubernetes.Testing.Wrapping;

/// <summary>Wraps responses when X-Vault-Wrap-TTL is sent, and serves <c>sys/wrapping/wrap</c>, <c>unwrap</c> and <c>lookup</c>.</summary>
/// <remarks>
/// The wrapping token is a real token in the token store (policy <c>response-wrapping</c>, one use, the wrap TTL), so it
/// authenticates exactly like Vault's; the wrapped envelope lives in <see cref="ResponseWrapper"/> until unwrapped or expired.
/// </remarks>
internal sealed class WrappingEndpoints
{
    private readonly VaultCore _core;
    private readonly ResponseWrapper _wrapper;

    private WrappingEndpoints(VaultCore core)
    {
        _core = core;
        _wrapper = new ResponseWrapper(core.Clock);
    }

    /// <summary>Adds the response filter and the sys routes.</summary>
    public static void Register(VaultCore core)
    {
        var endpoints = new WrappingEndpoints(core);
        core.ResponseFilters.Add(endpoints.Wrap);

        // Unauthenticated at the router: unwrap validates the wrapping token itself so a used one answers 400, as in Vault.
        core.System.AddRoute("wrapping/unwrap", (request, _, _) => ValueTask.FromResult(endpoints.Unwrap(request)), unauthenticated: true);
        core.System.AddRoute("wrapping/lookup", (request, _, _) => ValueTask.FromResult(endpoints.Lookup(request)), unauthenticated: true);
        core.System.AddRoute("wrapping/wrap", (request, _, _) => ValueTask.FromResult(endpoints.WrapData(request)));
    }

    private VaultResponse Wrap(VaultRequest request, VaultResponse response)
    {
        if (request.WrapTtl is not { } ttl || ttl <= TimeSpan.Zero || response.Kind != VaultResponseKind.Envelope
            || response.StatusCode != 200 || response.WrapInfo is not null || request.Path.StartsWith("sys/wrapping/", StringComparison.Ordinal))
        {
            return response;
        }

        return WrapResponse(request, response, ttl);
    }

    private VaultResponse WrapData(VaultRequest request)
    {
        if (request.Operation != VaultOperation.Write)
        {
            return VaultResponse.Unsupported();
        }

        // The request body becomes the wrapped response's data; without a wrap TTL there is nothing to do.
        return request.WrapTtl is { } ttl && ttl > TimeSpan.Zero
            ? WrapResponse(request, VaultResponse.Ok(request.Data.DeepClone()), ttl)
            : VaultResponse.BadRequest("endpoint requires response wrapping to be used");
    }

    private VaultResponse WrapResponse(VaultRequest request, VaultResponse response, TimeSpan ttl)
    {
        string mountType = response.MountType ?? request.Mount?.Type ?? string.Empty;
        var original = new JsonObject
        {
            ["data"] = response.Data?.DeepClone(),
            ["lease_id"] = response.LeaseId,
            ["renewable"] = response.Renewable,
            ["lease_duration"] = response.LeaseDuration,
            ["auth"] = response.Auth?.DeepClone(),
            ["warnings"] = response.Warnings is { } warnings ? AuthBlock.StringArray(warnings) : null,
            ["mount_type"] = mountType,
        };
        TokenEntry token = _core.Tokens.Create(new TokenCreateRequest
        {
            Policies = [PolicyStore.ResponseWrapping],
            NoDefaultPolicy = true,
            Ttl = ttl,
            ExplicitMaxTtl = ttl,
            Renewable = false,
            NumUses = 1,
            DisplayName = string.Empty,
            Path = "sys/wrapping/wrap",
        });
        string? wrappedAccessor = response.Auth?["accessor"] is JsonValue accessor && accessor.TryGetValue(out string? text) ? text : null;
        WrapInfo info = _wrapper.Wrap(original, ttl, request.Path, wrappedAccessor, token.Id, token.Accessor);
        var wrapInfo = new JsonObject
        {
            ["token"] = info.Token,
            ["accessor"] = info.Accessor,
            ["ttl"] = Durations.Seconds(info.Ttl),
            ["creation_time"] = AuthBlock.Rfc3339(info.CreationTime),
            ["creation_path"] = info.CreationPath,
        };
        if (!string.IsNullOrEmpty(info.WrappedAccessor))
        {
            wrapInfo["wrapped_accessor"] = info.WrappedAccessor;
        }

        return new VaultResponse { WrapInfo = wrapInfo, MountType = mountType };
    }

    private VaultResponse Unwrap(VaultRequest request)
    {
        if (request.Operation != VaultOperation.Write)
        {
            return VaultResponse.Unsupported();
        }

        string? wrappingToken = request.GetString("token");
        if (!string.IsNullOrEmpty(wrappingToken))
        {
            // With the wrapping token in the body, the header token is the caller's and must be allowed to unwrap.
            if (request.Token is not { } caller)
            {
                return VaultResponse.TokenRejected(request.ClientToken);
            }

            if ((_core.Policies.Evaluate(caller.Policies, request.Path) & Capabilities.Update) == 0)
            {
                return VaultResponse.PermissionDenied();
            }
        }
        else
        {
            wrappingToken = request.ClientToken;
        }

        JsonObject original = _wrapper.Unwrap(wrappingToken);
        if (_core.Tokens.Lookup(wrappingToken) is { } entry)
        {
            _core.Tokens.Revoke(entry);
        }

        return new VaultResponse
        {
            Data = original["data"]?.DeepClone(),
            LeaseId = original["lease_id"]!.GetValue<string>(),
            Renewable = original["renewable"]!.GetValue<bool>(),
            LeaseDuration = original["lease_duration"]!.GetValue<long>(),
            Auth = original["auth"]?.DeepClone() as JsonObject,
            Warnings = original["warnings"] is JsonArray warnings ? [.. warnings.Select(w => w!.GetValue<string>())] : null,
            MountType = original["mount_type"]!.GetValue<string>(),
        };
    }

    private VaultResponse Lookup(VaultRequest request)
    {
        if (request.Operation != VaultOperation.Write)
        {
            return VaultResponse.Unsupported();
        }

        string? token = request.GetString("token");
        WrapInfo info = _wrapper.Lookup(string.IsNullOrEmpty(token) ? request.ClientToken : token);
        return VaultResponse.Ok(new JsonObject
        {
            ["creation_path"] = info.CreationPath,
            ["creation_time"] = AuthBlock.Rfc3339(info.CreationTime),
            ["creation_ttl"] = Durations.Seconds(info.Ttl),
        });
    }
}
