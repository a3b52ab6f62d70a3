// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using Vault.Kubernetes.Http;

namespace Vault.Kubernetes.Secrets;

/// <summary>Remembers the KV mounts detected through one connection (mount versions do not change while a process runs).</summary>
/// <remarks>
/// One cache per transport, so clients derived with <see cref="VaultClient.WithTokenProvider"/> share it. It hangs off the
/// transport through a weak table instead of a transport field so that Http knows nothing about KV; the lookup costs one
/// table read and is paid only by mount detection, never by a KV v2 read that names its mount.
/// </remarks>
internal sealed class KvMountCache
{
    private static readonly ConditionalWeakTable<VaultTransport, KvMountCache> s_caches = new();

    private readonly ConcurrentDictionary<string, KvMountInfo> _mounts = new(StringComparer.Ordinal);

    /// <summary>Returns the cache of the connection behind <paramref name="client"/>.</summary>
    public static KvMountCache For(VaultClient client) => s_caches.GetValue(client.Transport, static _ => new KvMountCache());

    /// <summary>Returns the remembered KV mount that contains <paramref name="path"/>, if any.</summary>
    public KvMountInfo? Find(string path)
    {
        // Enumerating the pairs takes no lock and copies nothing, unlike ConcurrentDictionary.Values.
        foreach (KeyValuePair<string, KvMountInfo> pair in _mounts)
        {
            KvMountInfo mount = pair.Value;
            if (path.StartsWith(mount.Path, StringComparison.Ordinal) && (path.Length == mount.Path.Length || path[mount.Path.Length] == '/'))
            {
                return mount;
            }
        }

        return null;
    }

    /// <summary>Remembers a detected KV mount and returns it.</summary>
    public KvMountInfo Remember(KvMountInfo mount)
    {
        if (mount.Path.Length > 0)
        {
            _mounts[mount.Path] = mount;
        }

        return mount;
    }
}
