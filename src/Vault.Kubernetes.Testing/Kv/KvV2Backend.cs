// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Vault.Kubernetes.Testing.Internal;

namespace Vault.Kubernetes.Testing.Kv;

/// <summary>KV version 2: versioned secrets under data/, metadata/, delete/, undelete/, destroy/, subkeys/ and config.</summary>
internal sealed partial class KvV2Backend : IVaultBackend
{
    private const string RootWarning = "Non-listing operations on the root of a K/V v2 mount are not supported.";
    private const int DefaultMaxVersions = 10;

    private static readonly string[] s_sections = ["data", "metadata", "delete", "undelete", "destroy", "subkeys"];

    private readonly Dictionary<string, KvV2Metadata> _keys = new(StringComparer.Ordinal);
    private int _maxVersions;
    private bool _casRequired;
    private TimeSpan _deleteVersionAfter;

    /// <inheritdoc/>
    public bool Exists(VaultRequest request)
    {
        (string section, string key) = Split(request.RelativePath);
        return section is "config" || _keys.ContainsKey(key);
    }

    /// <inheritdoc/>
    public ValueTask<VaultResponse> HandleAsync(VaultRequest request, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Handle(request));

    private static (string Section, string Key) Split(string relativePath)
    {
        int slash = relativePath.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? (relativePath, string.Empty) : (relativePath[..slash], relativePath[(slash + 1)..]);
    }

    private static string InvalidPathWarning(VaultOperation operation)
    {
        string verb = operation switch
        {
            VaultOperation.Read => "get",
            VaultOperation.List => "list",
            VaultOperation.Delete => "delete",
            VaultOperation.Patch => "patch",
            _ => "put",
        };
        return $"Invalid path for a versioned K/V secrets engine. See the API docs for the appropriate API endpoints to use. If using the Vault CLI, use 'vault kv {verb}' for this operation.";
    }

    private VaultResponse Handle(VaultRequest request)
    {
        (string section, string key) = Split(request.RelativePath);
        if (section == "config" && key.Length == 0)
        {
            return Config(request);
        }

        if (Array.IndexOf(s_sections, section) < 0)
        {
            return VaultResponse.Warning(404, InvalidPathWarning(request.Operation));
        }

        if (request.Operation == VaultOperation.List)
        {
            return section == "metadata" ? KvKeys.List(_keys.Keys, KvKeys.Folder(key)) : VaultResponse.Warning(404, InvalidPathWarning(request.Operation));
        }

        if (key.Length == 0)
        {
            return VaultResponse.Warning(404, RootWarning);
        }

        return (section, request.Operation) switch
        {
            ("data", VaultOperation.Read) => ReadData(request, key),
            ("data", VaultOperation.Write) => WriteData(request, key),
            ("data", VaultOperation.Patch) => PatchData(request, key),
            ("data", VaultOperation.Delete) => SoftDeleteLatest(request, key),
            ("metadata", VaultOperation.Read) => ReadMetadata(key),
            ("metadata", VaultOperation.Write) => WriteMetadata(request, key),
            ("metadata", VaultOperation.Delete) => DeleteMetadata(key),
            ("delete", VaultOperation.Write) => ForVersions(request, key, (v, now) => v.DeletionTime = v.IsGone(now) ? v.DeletionTime : now),
            ("undelete", VaultOperation.Write) => ForVersions(request, key, (v, _) => v.DeletionTime = v.Destroyed ? v.DeletionTime : null),
            ("destroy", VaultOperation.Write) => ForVersions(request, key, (v, _) =>
            {
                v.Destroyed = true;
                v.Data = null;
            }),
            ("subkeys", VaultOperation.Read) => Subkeys(request, key),
            _ => VaultResponse.Unsupported(),
        };
    }

    private int EffectiveMaxVersions(KvV2Metadata metadata)
    {
        int[] limits = [.. new[] { metadata.MaxVersions, _maxVersions }.Where(v => v > 0)];
        return limits.Length == 0 ? DefaultMaxVersions : limits.Min();
    }

    private TimeSpan EffectiveDeleteAfter(KvV2Metadata metadata)
    {
        TimeSpan[] limits = [.. new[] { metadata.DeleteVersionAfter, _deleteVersionAfter }.Where(v => v > TimeSpan.Zero)];
        return limits.Length == 0 ? TimeSpan.Zero : limits.Min();
    }

    private static JsonObject? CustomMetadata(KvV2Metadata metadata) => JsonMaps.ToObject(metadata.CustomMetadata);

    private static JsonObject VersionMetadata(KvV2Metadata metadata, int number, KvV2Version version) => new()
    {
        ["created_time"] = AuthBlock.Rfc3339(version.CreatedTime),
        ["custom_metadata"] = CustomMetadata(metadata),
        ["deletion_time"] = version.DeletionTime is { } deleted ? AuthBlock.Rfc3339(deleted) : string.Empty,
        ["destroyed"] = version.Destroyed,
        ["version"] = number,
    };
}
