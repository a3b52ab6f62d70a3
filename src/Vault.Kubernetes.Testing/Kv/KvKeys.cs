// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Text.Json.Nodes;
using Vault.Kubernetes.Testing.Internal;

namespace Vault.Kubernetes.Testing.Kv;

/// <summary>Folder listing shared by both KV versions: immediate children, folders with a trailing '/'.</summary>
internal static class KvKeys
{
    /// <summary>Lists the children of <paramref name="folder"/> ("" or ending in '/'); 404 {"errors":[]} when none.</summary>
    public static VaultResponse List(IEnumerable<string> keys, string folder)
    {
        var children = new SortedSet<string>(StringComparer.Ordinal);
        foreach (string key in keys)
        {
            if (key.StartsWith(folder, StringComparison.Ordinal) && key.Length > folder.Length)
            {
                string rest = key[folder.Length..];
                int slash = rest.IndexOf('/', StringComparison.Ordinal);
                children.Add(slash < 0 ? rest : rest[..(slash + 1)]);
            }
        }

        return children.Count == 0
            ? VaultResponse.NotFound()
            : VaultResponse.Ok(new JsonObject { ["keys"] = AuthBlock.StringArray(children) });
    }

    /// <summary>Normalizes a folder path for listing ("" or "a/b/").</summary>
    public static string Folder(string relativePath) => relativePath.Trim('/').Length == 0 ? string.Empty : relativePath.Trim('/') + "/";
}
