// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Vault.Kubernetes.Secrets;

/// <summary>Lists every secret under a KV folder, recursively, as paths relative to the folder: how hosts expand a folder into specs.</summary>
public static class KvFolderLister
{
    /// <summary>The most secrets one folder may hold; a runaway tree (or a listing loop) must not grow a destination without bound.</summary>
    public const int MaxSecrets = 10_000;

    /// <summary>Lists the secrets under <paramref name="folder"/> and its sub-folders.</summary>
    /// <param name="source">The Vault operations.</param>
    /// <param name="folder">The folder, for example <c>secret/apps</c>.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The relative paths (for example <c>team/b</c>), ordinally sorted.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="source"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="folder"/> is empty.</exception>
    /// <exception cref="InvalidOperationException">The folder holds more than <see cref="MaxSecrets"/> secrets; the message names it.</exception>
    public static async Task<IReadOnlyList<string>> ListAsync(IVaultSecretSource source, string folder, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        var found = new List<string>();
        var pending = new Stack<string>();
        pending.Push(string.Empty);
        while (pending.Count > 0)
        {
            string relative = pending.Pop();
            string path = relative.Length == 0 ? folder : folder.TrimEnd('/') + "/" + relative.TrimEnd('/');
            foreach (string key in await source.ListAsync(path, cancellationToken).ConfigureAwait(false))
            {
                if (key.EndsWith('/'))
                {
                    pending.Push(relative + key);
                }
                else
                {
                    found.Add(relative + key);
                }
            }

            if (found.Count > MaxSecrets)
            {
                throw new InvalidOperationException($"More than {MaxSecrets} secrets under '{folder}'; load a narrower folder.");
            }
        }

        found.Sort(StringComparer.Ordinal);
        return found;
    }
}
