// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;

namespace Vault.Kubernetes.Testing.Kv;

/// <summary>The metadata of one KV v2 key: its versions and key-level settings.</summary>
internal sealed class KvV2Metadata
{
    /// <summary>Gets the versions by number.</summary>
    public SortedDictionary<int, KvV2Version> Versions { get; } = [];

    /// <summary>Gets or sets the current (latest) version number; 0 when none was written.</summary>
    public int CurrentVersion { get; set; }

    /// <summary>Gets or sets the oldest retained version number.</summary>
    public int OldestVersion { get; set; }

    /// <summary>Gets the creation time of the key.</summary>
    public required DateTimeOffset CreatedTime { get; init; }

    /// <summary>Gets or sets the last update time.</summary>
    public DateTimeOffset UpdatedTime { get; set; }

    /// <summary>Gets or sets the key-level max versions (0 = mount setting).</summary>
    public int MaxVersions { get; set; }

    /// <summary>Gets or sets a value indicating whether writes need cas.</summary>
    public bool CasRequired { get; set; }

    /// <summary>Gets or sets the key-level delete_version_after (zero = never).</summary>
    public TimeSpan DeleteVersionAfter { get; set; }

    /// <summary>Gets or sets the custom metadata.</summary>
    public Dictionary<string, string>? CustomMetadata { get; set; }
}
