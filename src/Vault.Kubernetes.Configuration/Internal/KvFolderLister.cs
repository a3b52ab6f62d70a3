// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Vault.Kubernetes.Secrets;
using Vault.Kubernetes.Sync;

namespace Vault.Kubernetes.Configuration.Internal;

/// <summary>Lists every secret under a KV folder, recursively, as paths relative to the folder.</summary>
internal static class KvFolderLister
{
    private const int MaxSecrets = 10_000;

    public static async Task<IReadOnlyList<string>> ListAsync(IVaultSecretSource source, string folder, CancellationToken cancellationToken)
    {
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

            // A runaway tree (or a listing loop) must not grow configuration without bound.
            if (found.Count > MaxSecrets)
            {
                throw new InvalidOperationException($"More than {MaxSecrets} secrets under '{folder}'; load a narrower folder.");
            }
        }

        found.Sort(StringComparer.Ordinal);
        return found;
    }
}
