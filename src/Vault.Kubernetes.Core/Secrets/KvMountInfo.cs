// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Globalization;

namespace Vault.Kubernetes.Secrets;

/// <summary>The mount that serves a path, as reported by <c>sys/internal/ui/mounts/&lt;path&gt;</c>, and its KV version.</summary>
public sealed class KvMountInfo
{
    internal KvMountInfo(string path, string type, int engineVersion)
    {
        Path = path;
        Type = type;
        EngineVersion = engineVersion;
    }

    /// <summary>Gets the mount path without the trailing slash, or an empty string when Vault could not tell (old servers: assume KV v1 at the given path).</summary>
    public string Path { get; }

    /// <summary>Gets the mount type (<c>kv</c>, <c>generic</c>, ...), or an empty string when unknown.</summary>
    public string Type { get; }

    /// <summary>Gets the KV version: 2 when the type is <c>kv</c> and <c>options.version</c> is <c>2</c>, otherwise 1.</summary>
    public int EngineVersion { get; }

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"KvMountInfo {{ Path = {Path}, Type = {Type}, EngineVersion = {EngineVersion} }}");
}
