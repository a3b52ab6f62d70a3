// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Linq;
using System.Text.Json.Nodes;
using Vault.Kubernetes.Testing.Internal;

namespace Vault.Kubernetes.Testing.Sys;

/// <summary>sys/policy (legacy) and sys/policies/acl.</summary>
internal sealed partial class SystemBackend
{
    private VaultResponse LegacyPolicies(VaultRequest request, string subPath)
    {
        if (subPath.Length == 0)
        {
            if (request.Operation is not (VaultOperation.Read or VaultOperation.List))
            {
                return VaultResponse.Unsupported();
            }

            JsonArray names = AuthBlock.StringArray(_core.Policies.Names);
            return SysData(new JsonObject { ["keys"] = names, ["policies"] = names.DeepClone() });
        }

        return PolicyRoute(request, subPath, textField: "rules");
    }

    private VaultResponse AclPolicies(VaultRequest request, string subPath)
    {
        if (subPath.Length == 0)
        {
            return request.Operation == VaultOperation.List
                ? VaultResponse.Ok(new JsonObject { ["keys"] = AuthBlock.StringArray(_core.Policies.Names) })
                : VaultResponse.Unsupported();
        }

        return PolicyRoute(request, subPath, textField: "policy");
    }

    private VaultResponse PolicyRoute(VaultRequest request, string name, string textField)
    {
        switch (request.Operation)
        {
            case VaultOperation.Read:
                if (name == PolicyStore.Root)
                {
                    return SysData(new JsonObject { ["name"] = name, [textField] = string.Empty });
                }

                Policy? policy = _core.Policies.Get(name);
                return policy is null ? VaultResponse.NotFound() : SysData(new JsonObject { ["name"] = policy.Name, [textField] = policy.Text });
            case VaultOperation.Write:
                string? text = request.GetString("policy") ?? request.GetString("rules");
                if (string.IsNullOrEmpty(text))
                {
                    return VaultResponse.BadRequest("'policy' parameter not supplied or empty");
                }

                try
                {
                    _core.Policies.Set(name, text);
                }
                catch (Exception ex) when (ex is FormatException or InvalidOperationException)
                {
                    return VaultResponse.BadRequest(ex.Message);
                }

                return VaultResponse.NoContent();
            case VaultOperation.Delete:
                string? error = _core.Policies.Delete(name);
                return error is null ? VaultResponse.NoContent() : VaultResponse.BadRequest(error);
            default:
                return VaultResponse.Unsupported();
        }
    }
}
