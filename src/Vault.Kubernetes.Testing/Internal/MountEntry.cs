// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Text.Json.Nodes;

namespace Vault.Kubernetes.Testing.Internal;

/// <summary>One row of the mount table (secrets engine or auth method).</summary>
internal sealed class MountEntry
{
    /// <summary>Gets the full path with trailing slash ("secret/", "auth/kubernetes/", "sys/").</summary>
    public required string Path { get; init; }

    /// <summary>Gets the engine type ("kv", "database", "kubernetes", "token", "system").</summary>
    public required string Type { get; init; }

    /// <summary>Gets a value indicating whether this is an auth mount (under auth/).</summary>
    public bool IsAuth { get; init; }

    /// <summary>Gets or sets the description.</summary>
    public string Description { get; set; } = string.Empty;

    /// <summary>Gets the accessor ("kv_1a2b3c4d").</summary>
    public string Accessor { get; init; } = string.Empty;

    /// <summary>Gets the mount UUID.</summary>
    public string Uuid { get; init; } = Ids.Uuid();

    /// <summary>Gets the mount options (KV: "version"), or null.</summary>
    public Dictionary<string, string>? Options { get; init; }

    /// <summary>Gets or sets the tuned default lease TTL (zero: system default).</summary>
    public TimeSpan DefaultLeaseTtl { get; set; }

    /// <summary>Gets or sets the tuned max lease TTL (zero: system max).</summary>
    public TimeSpan MaxLeaseTtl { get; set; }

    /// <summary>Gets or sets the backend serving requests; set right after creation by the factory.</summary>
    public IVaultBackend Backend { get; set; } = null!;

    /// <summary>Gets the path without its trailing slash ("secret").</summary>
    public string Name => Path.TrimEnd('/');

    /// <summary>Renders the mount as sys/mounts and sys/internal/ui/mounts show it.</summary>
    public JsonObject ToJson()
    {
        return new JsonObject
        {
            ["accessor"] = Accessor,
            ["config"] = new JsonObject
            {
                ["default_lease_ttl"] = Durations.Seconds(DefaultLeaseTtl),
                ["force_no_cache"] = false,
                ["max_lease_ttl"] = Durations.Seconds(MaxLeaseTtl),
            },
            ["description"] = Description,
            ["external_entropy_access"] = false,
            ["local"] = false,
            ["options"] = JsonMaps.ToObject(Options),
            ["plugin_version"] = string.Empty,
            ["running_plugin_version"] = "v0.0.0+builtin.vault",
            ["running_sha256"] = string.Empty,
            ["seal_wrap"] = false,
            ["type"] = Type,
            ["uuid"] = Uuid,
        };
    }
}
