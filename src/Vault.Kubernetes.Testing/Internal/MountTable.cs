// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;

namespace Vault.Kubernetes.Testing.Internal;

/// <summary>Mount path → backend, resolved by longest prefix as Vault's router does.</summary>
internal sealed class MountTable
{
    private readonly Dictionary<string, MountEntry> _mounts = new(StringComparer.Ordinal);

    /// <summary>Gets all mounts sorted by path.</summary>
    public IReadOnlyList<MountEntry> All => [.. _mounts.Values.OrderBy(m => m.Path, StringComparer.Ordinal)];

    /// <summary>Normalizes a mount path to "name/" form (no leading slash, one trailing slash).</summary>
    public static string Normalize(string path) => path.Trim('/') + "/";

    /// <summary>Adds a mount; returns false if the path (or an overlapping one) is taken.</summary>
    public bool TryAdd(MountEntry entry)
    {
        if (_mounts.Keys.Any(p => p.StartsWith(entry.Path, StringComparison.Ordinal) || entry.Path.StartsWith(p, StringComparison.Ordinal)))
        {
            return false;
        }

        _mounts[entry.Path] = entry;
        return true;
    }

    /// <summary>Removes a mount; returns the removed entry or null.</summary>
    public MountEntry? Remove(string path) => _mounts.Remove(Normalize(path), out MountEntry? entry) ? entry : null;

    /// <summary>Gets the mount at exactly <paramref name="path"/>, or null.</summary>
    public MountEntry? Get(string path) => _mounts.GetValueOrDefault(Normalize(path));

    /// <summary>Finds the mount serving <paramref name="path"/> and the path relative to it.</summary>
    public MountEntry? Match(string path, out string relativePath)
    {
        MountEntry? best = null;
        foreach (MountEntry mount in _mounts.Values)
        {
            bool matches = path.StartsWith(mount.Path, StringComparison.Ordinal) || path + "/" == mount.Path;
            if (matches && (best is null || mount.Path.Length > best.Path.Length))
            {
                best = mount;
            }
        }

        relativePath = best is null ? string.Empty : path.Length >= best.Path.Length ? path[best.Path.Length..] : string.Empty;
        return best;
    }
}
