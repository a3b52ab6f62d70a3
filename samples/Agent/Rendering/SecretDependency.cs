// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using Vault.Kubernetes.Secrets;
using Vault.Kubernetes.Sync;

namespace Vault.Kubernetes.Agent.Rendering;

/// <summary>A secret a file needs; files that read the same secret share one dependency (and one entry in the sync engine).</summary>
/// <param name="Spec">The sync engine spec; its <see cref="SecretSpec.Name"/> is the dependency key.</param>
internal sealed record SecretDependency(SecretSpec Spec)
{
    /// <summary>Gets the dependency key: the path, plus the pinned version or request body when there is one.</summary>
    public string Key => Spec.Name;

    /// <summary>Creates the dependency of a path.</summary>
    /// <param name="path">The Vault path.</param>
    /// <param name="kind">How it is refreshed.</param>
    /// <param name="version">The pinned KV version 2 version, or <see langword="null"/>.</param>
    /// <param name="body">The request body of a write-style read (for example <c>pki/issue</c>), or <see langword="null"/>.</param>
    /// <returns>The dependency.</returns>
    public static SecretDependency Create(string path, SecretSourceKind kind, int? version = null, IReadOnlyDictionary<string, string>? body = null)
    {
        string key = path.Trim('/');
        if (version is int v)
        {
            key += "?version=" + v.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        if (body is { Count: > 0 })
        {
            key += " " + string.Join(" ", body.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + "=" + p.Value));
        }

        return new SecretDependency(new SecretSpec(key, path, kind)
        {
            Version = version,
            Body = body is { Count: > 0 } ? body : null,
            UseWrite = body is { Count: > 0 },
        });
    }
}
