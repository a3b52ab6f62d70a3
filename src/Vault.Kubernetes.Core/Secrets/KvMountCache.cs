// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading.Tasks;
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
    private readonly ConcurrentDictionary<string, Task<KvMountInfo>> _lookups = new(StringComparer.Ordinal);

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

    /// <summary>Returns the mount of <paramref name="path"/> from the cache, or from one lookup shared by every caller that asks while it runs.</summary>
    /// <param name="path">The secret's path.</param>
    /// <param name="lookup">Asks Vault for the mount of a path.</param>
    /// <returns>The mount.</returns>
    /// <remarks>
    /// A cold load reads many secrets of one mount in parallel; without sharing, each reader would send its own
    /// <c>sys/internal/ui/mounts</c> request. Lookups are shared by the path's first segment, since the mount is not known before
    /// the answer; a caller whose path turns out to be under another (nested) mount, or whose shared lookup failed, looks up its own.
    /// </remarks>
    public async Task<KvMountInfo> FindOrLookupAsync(string path, Func<string, Task<KvMountInfo>> lookup)
    {
        if (Find(path) is { } known)
        {
            return known;
        }

        int slash = path.IndexOf('/', StringComparison.Ordinal);
        string segment = slash < 0 ? path : path[..slash];
        var mine = new TaskCompletionSource<KvMountInfo>(TaskCreationOptions.RunContinuationsAsynchronously);
        Task<KvMountInfo> shared = _lookups.GetOrAdd(segment, mine.Task);
        if (!ReferenceEquals(shared, mine.Task))
        {
            try
            {
                await shared.ConfigureAwait(false);
            }
            catch (Exception)
            {
                // The other caller's failure, or its cancellation, is not this caller's: it reports its own; this one asks for itself below.
            }

            return Find(path) ?? Remember(await lookup(path).ConfigureAwait(false));
        }

        try
        {
            KvMountInfo mount = Remember(await lookup(path).ConfigureAwait(false));
            mine.SetResult(mount);
            return mount;
        }
        catch (Exception ex)
        {
            mine.SetException(ex);
            _ = mine.Task.Exception;
            throw;
        }
        finally
        {
            _lookups.TryRemove(new KeyValuePair<string, Task<KvMountInfo>>(segment, mine.Task));
        }
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
