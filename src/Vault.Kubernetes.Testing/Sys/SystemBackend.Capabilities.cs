// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using Vault.Kubernetes.Testing.Internal;

namespace Vault.Kubernetes.Testing.Sys;

/// <summary>sys/capabilities-self and sys/capabilities: what a token's policies grant on given paths.</summary>
internal sealed partial class SystemBackend
{
    private static readonly (Capabilities Flag, string Name)[] s_capabilityNames =
    [
        (Capabilities.Create, "create"), (Capabilities.Delete, "delete"), (Capabilities.List, "list"),
        (Capabilities.Patch, "patch"), (Capabilities.Read, "read"), (Capabilities.Sudo, "sudo"), (Capabilities.Update, "update"),
    ];

    private VaultResponse CapabilitiesSelf(VaultRequest request, string subPath) => CapabilitiesOf(request, request.Token);

    private VaultResponse CapabilitiesOfToken(VaultRequest request, string subPath)
    {
        string? id = request.GetString("token");
        return string.IsNullOrEmpty(id) ? VaultResponse.BadRequest("missing token") : CapabilitiesOf(request, _core.Tokens.Lookup(id));
    }

    private VaultResponse CapabilitiesOf(VaultRequest request, TokenEntry? token)
    {
        if (request.Operation != VaultOperation.Write)
        {
            return VaultResponse.Unsupported();
        }

        List<string> paths = request.Data["paths"] is JsonArray array
            ? [.. array.Select(p => p?.ToString() ?? string.Empty)]
            : [.. (request.GetString("paths") ?? request.GetString("path") ?? string.Empty).Split(',', System.StringSplitOptions.RemoveEmptyEntries)];
        if (paths.Count == 0)
        {
            return VaultResponse.BadRequest("paths must be supplied");
        }

        var data = new JsonObject();
        JsonArray? last = null;
        foreach (string path in paths)
        {
            last = AuthBlock.StringArray(Names(token, path.TrimStart('/')));
            data[path] = last;
        }

        if (paths.Count == 1)
        {
            data["capabilities"] = last!.DeepClone();
        }

        return SysData(data);
    }

    private IEnumerable<string> Names(TokenEntry? token, string path)
    {
        if (token is null)
        {
            return ["deny"];
        }

        if (token.IsRoot)
        {
            return ["root"];
        }

        Capabilities granted = _core.Policies.Evaluate(token.Policies, path);
        string[] names = [.. s_capabilityNames.Where(c => (granted & c.Flag) != 0).Select(c => c.Name)];
        return names.Length == 0 ? ["deny"] : names;
    }
}
