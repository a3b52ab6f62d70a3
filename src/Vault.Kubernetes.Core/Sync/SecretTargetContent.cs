// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;

namespace Vault.Kubernetes.Sync;

/// <summary>What a sink receives for a target: every spec's snapshot and payload in merge order, and the combined content hash.</summary>
/// <remarks>It holds secret values: sinks must never log it. <see cref="ToString"/> prints names only.</remarks>
public sealed class SecretTargetContent
{
    /// <summary>Initializes a new instance of the <see cref="SecretTargetContent"/> class.</summary>
    /// <param name="target">The target.</param>
    /// <param name="items">One item per spec, in the target's order.</param>
    /// <param name="contentHash">The HMAC of the combined content, safe to store outside (it reveals nothing of the content).</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public SecretTargetContent(SecretSyncTarget target, IReadOnlyList<SecretTargetItem> items, string contentHash)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(contentHash);
        Target = target;
        Items = items;
        ContentHash = contentHash;
    }

    /// <summary>Gets the target.</summary>
    public SecretSyncTarget Target { get; }

    /// <summary>Gets one item per spec, in the target's (merge) order.</summary>
    public IReadOnlyList<SecretTargetItem> Items { get; }

    /// <summary>Gets the HMAC of the combined content.</summary>
    public string ContentHash { get; }

    /// <summary>Merges the payloads in order: where two specs give the same key, the later one wins.</summary>
    /// <param name="comparer">The key comparer of the result; <see cref="StringComparer.Ordinal"/> when <see langword="null"/>.</param>
    /// <returns>A new dictionary.</returns>
    public Dictionary<string, string> Merge(IEqualityComparer<string>? comparer = null)
    {
        var merged = new Dictionary<string, string>(comparer ?? StringComparer.Ordinal);
        foreach (SecretTargetItem item in Items)
        {
            foreach (KeyValuePair<string, string> pair in item.Payload)
            {
                merged[pair.Key] = pair.Value;
            }
        }

        return merged;
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Target.Name} ({Items.Count} spec(s), hash {ContentHash})";
}
