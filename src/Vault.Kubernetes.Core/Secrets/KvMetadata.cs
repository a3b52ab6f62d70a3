// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Globalization;

namespace Vault.Kubernetes.Secrets;

/// <summary>The metadata of a KV v2 secret across all its versions (<c>GET &lt;mount&gt;/metadata/&lt;path&gt;</c>).</summary>
public sealed class KvMetadata
{
    internal KvMetadata(string mount, string path)
    {
        Mount = mount;
        Path = path;
    }

    /// <summary>Gets the mount path, without slashes.</summary>
    public string Mount { get; }

    /// <summary>Gets the path of the secret inside the mount.</summary>
    public string Path { get; }

    /// <summary>Gets the newest version number.</summary>
    public int CurrentVersion { get; internal init; }

    /// <summary>Gets the oldest version still kept.</summary>
    public int OldestVersion { get; internal init; }

    /// <summary>Gets the maximum number of versions kept (0 = the mount setting).</summary>
    public int MaxVersions { get; internal init; }

    /// <summary>Gets a value indicating whether writes must pass a check-and-set version.</summary>
    public bool CasRequired { get; internal init; }

    /// <summary>Gets the automatic deletion delay as Vault formats it (a Go duration such as <c>0s</c> or <c>3h25m19s</c>).</summary>
    public string DeleteVersionAfter { get; internal init; } = string.Empty;

    /// <summary>Gets when the secret was created.</summary>
    public DateTimeOffset? CreatedTime { get; internal init; }

    /// <summary>Gets when the secret was last updated.</summary>
    public DateTimeOffset? UpdatedTime { get; internal init; }

    /// <summary>Gets the key-level custom metadata.</summary>
    public IReadOnlyDictionary<string, string> CustomMetadata { get; internal init; } = KvSecret.s_noMetadata;

    /// <summary>Gets the kept versions by number.</summary>
    public IReadOnlyDictionary<int, KvVersionInfo> Versions { get; internal init; } = new Dictionary<int, KvVersionInfo>(0);

    /// <inheritdoc/>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"KvMetadata {{ Path = {Mount}/{Path}, CurrentVersion = {CurrentVersion}, Versions = {Versions.Count} }}");
}
