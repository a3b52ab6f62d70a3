// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;
using Vault.Kubernetes.Authentication;
using Vault.Kubernetes.Secrets;

namespace Vault.Kubernetes.Sync;

/// <summary>One destination the engine keeps fresh: an identity and an ordered list of specs, written as one unit.</summary>
/// <remarks>
/// <para>The engine writes a target's destination only when every spec has a value (never partial) and only when the combined content
/// changed. The order of <see cref="Specs"/> is the merge order: where two specs give the same key, the later one wins.</para>
/// <para>Specs that several targets share (same identity, path, kind, version and body) are fetched and leased once. To change a target
/// (a re-listed folder, an edited resource) add a new target with the same <see cref="Name"/>; specs it keeps are not fetched again.</para>
/// </remarks>
public sealed record SecretSyncTarget
{
    /// <summary>Initializes a new instance of the <see cref="SecretSyncTarget"/> class.</summary>
    /// <param name="name">The unique name of the target within an engine (a configuration section, a file set, a resource key, a pod mount).</param>
    /// <param name="specs">The specs, in merge order; their names must be unique within the target.</param>
    /// <param name="identity">Who reads the specs; <see langword="null"/> for the engine's own source.</param>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty, <paramref name="specs"/> is empty, or two specs share a name.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="specs"/> is <see langword="null"/> or holds <see langword="null"/>.</exception>
    public SecretSyncTarget(string name, IReadOnlyList<SecretSpec> specs, VaultIdentity? identity = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(specs);
        if (specs.Count == 0)
        {
            throw new ArgumentException($"Target '{name}' has no specs.", nameof(specs));
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (SecretSpec spec in specs)
        {
            ArgumentNullException.ThrowIfNull(spec, nameof(specs));
            if (!names.Add(spec.Name))
            {
                throw new ArgumentException($"Target '{name}' has two specs named '{spec.Name}'.", nameof(specs));
            }
        }

        Name = name;
        Specs = specs.ToArray();
        Identity = identity;
    }

    /// <summary>Gets the unique name of the target within an engine.</summary>
    public string Name { get; }

    /// <summary>Gets the specs, in merge order.</summary>
    public IReadOnlyList<SecretSpec> Specs { get; }

    /// <summary>Gets who reads the specs, or <see langword="null"/> for the engine's own source.</summary>
    public VaultIdentity? Identity { get; }

    /// <summary>Gets the content hash the destination is known to hold already (for example a Secret's <c>status.secretMAC</c> after a restart).</summary>
    /// <value>Default: <see langword="null"/>. With the same <see cref="SecretSyncEngineOptions.ContentHashKey"/>, an unchanged destination is then not written again.</value>
    public string? KnownContentHash { get; init; }

    /// <summary>Gets a value indicating whether removing the target revokes the leases its specs hold (Vault Secrets Operator's <c>revoke</c>).</summary>
    /// <value>Default: <see langword="false"/>; leases then expire on their own. A lease another target still uses is never revoked.</value>
    public bool RevokeOnRemove { get; init; }

    /// <inheritdoc/>
    public bool Equals(SecretSyncTarget? other) =>
        other is not null && Name == other.Name && Equals(Identity, other.Identity) && KnownContentHash == other.KnownContentHash
        && RevokeOnRemove == other.RevokeOnRemove && Specs.SequenceEqual(other.Specs);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Name, Specs.Count);
}
