// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;
using Vault.Kubernetes.Http;

namespace Vault.Kubernetes.Secrets;

/// <summary>Turns KV envelopes into <see cref="KvSecret"/>, <see cref="KvMetadata"/> and <see cref="KvVersionInfo"/>.</summary>
internal static class KvResponseParser
{
    // A version's metadata keys in the order Vault writes them (indexes used by ReadVersionFields).
    private static readonly byte[][] s_versionFields =
    [
        "created_time"u8.ToArray(), "custom_metadata"u8.ToArray(), "deletion_time"u8.ToArray(), "destroyed"u8.ToArray(), "version"u8.ToArray(),
    ];

    /// <summary>Builds a KV v1 result from an envelope; <paramref name="body"/> is <see langword="null"/> when nothing was found.</summary>
    public static KvSecret FromV1(string mount, string path, int status, EnvelopeWire? body)
    {
        if (body is null || status == 404 || VaultEnvelope.DataOf(body) is not { ValueKind: JsonValueKind.Object } data)
        {
            return IsSuccess(status) && body is not null
                ? throw Malformed(mount, path, status, body, "KV version 1 secret: 'data' is not a JSON object")
                : NotFound(mount, path, 1, body);
        }

        return new KvSecret(mount, path, 1, KvSecretStatus.Found)
        {
            Data = ToDataMap(data),
            LeaseDuration = VaultEnvelope.Seconds(body.LeaseDuration),
            RequestId = body.RequestId ?? string.Empty,
            Warnings = body.Warnings ?? VaultResponse.s_noStrings,
        };
    }

    /// <summary>Builds a KV v2 result from an envelope; <paramref name="body"/> is <see langword="null"/> when nothing was found.</summary>
    public static KvSecret FromV2(string mount, string path, int status, EnvelopeWire? body, TimeProvider time)
    {
        if (body is null
            || VaultEnvelope.DataOf(body) is not { ValueKind: JsonValueKind.Object } envelopeData
            || !envelopeData.TryGetProperty("metadata"u8, out JsonElement metadata)
            || metadata.ValueKind != JsonValueKind.Object)
        {
            // 404 {"errors":[]}, or the "invalid path for a versioned K/V secrets engine" warning without metadata. A success
            // without them is a broken answer (a proxy, a wrong mount type), not a missing secret: saying "404" would send users astray.
            return IsSuccess(status) && body is not null
                ? throw Malformed(mount, path, status, body, "KV version 2 secret: 'data.metadata' is not a JSON object")
                : NotFound(mount, path, 2, body);
        }

        VersionFields fields = ReadVersionFields(metadata);
        bool destroyed = fields.Destroyed;
        DateTimeOffset? deletionTime = fields.DeletionTime;
        bool hasValues = envelopeData.TryGetProperty("data"u8, out JsonElement values) && values.ValueKind == JsonValueKind.Object;

        // Vault answers 404 with the metadata for a deleted or destroyed version; a deletion time already passed
        // means the same even on a 200 (the version is about to disappear), as consul-template also checks.
        KvSecretStatus result = destroyed ? KvSecretStatus.Destroyed
            : status == 404 || !hasValues || (deletionTime is { } deleted && deleted <= time.GetUtcNow()) ? KvSecretStatus.Deleted
            : KvSecretStatus.Found;

        return new KvSecret(mount, path, 2, result)
        {
            Data = result == KvSecretStatus.Found ? ToDataMap(values) : KvSecret.s_noData,
            Version = fields.Version ?? 0,
            CreatedTime = fields.CreatedTime,
            DeletionTime = deletionTime,
            Destroyed = destroyed,
            CustomMetadata = ToStringMap(fields.CustomMetadata),
            LeaseDuration = VaultEnvelope.Seconds(body.LeaseDuration),
            RequestId = body.RequestId ?? string.Empty,
            Warnings = body.Warnings ?? VaultResponse.s_noStrings,
        };
    }

    public static KvVersionInfo ToVersionInfo(JsonElement metadata, int fallbackVersion)
    {
        VersionFields fields = ReadVersionFields(metadata);
        return new KvVersionInfo
        {
            Version = fields.Version ?? fallbackVersion,
            CreatedTime = fields.CreatedTime,
            DeletionTime = fields.DeletionTime,
            Destroyed = fields.Destroyed,
            CustomMetadata = ToStringMap(fields.CustomMetadata),
        };
    }

    public static KvMetadata ToMetadata(string mount, string path, KvMetadataWire wire)
    {
        var versions = new Dictionary<int, KvVersionInfo>(wire.Versions?.Count ?? 0);
        if (wire.Versions is not null)
        {
            foreach (KeyValuePair<string, KvVersionWire> pair in wire.Versions)
            {
                if (int.TryParse(pair.Key, NumberStyles.None, CultureInfo.InvariantCulture, out int number))
                {
                    versions[number] = new KvVersionInfo
                    {
                        Version = number,
                        CreatedTime = VaultEnvelope.ParseTime(pair.Value.CreatedTime),
                        DeletionTime = VaultEnvelope.ParseTime(pair.Value.DeletionTime),
                        Destroyed = pair.Value.Destroyed,
                    };
                }
            }
        }

        return new KvMetadata(mount, path)
        {
            CurrentVersion = wire.CurrentVersion,
            OldestVersion = wire.OldestVersion,
            MaxVersions = wire.MaxVersions,
            CasRequired = wire.CasRequired,
            DeleteVersionAfter = wire.DeleteVersionAfter ?? string.Empty,
            CreatedTime = VaultEnvelope.ParseTime(wire.CreatedTime),
            UpdatedTime = VaultEnvelope.ParseTime(wire.UpdatedTime),
            CustomMetadata = VaultEnvelope.ToStringMap(wire.CustomMetadata),
            Versions = versions,
        };
    }

    private static bool IsSuccess(int status) => status is >= 200 and < 300;

    private static VaultException Malformed(string mount, string path, int status, EnvelopeWire body, string expected) =>
        new(status, $"{mount}/{path}", null, body.RequestId, $"Vault answered, but the body is not a {expected}", null);

    private static KvSecret NotFound(string mount, string path, int engineVersion, EnvelopeWire? body) =>
        new(mount, path, engineVersion, KvSecretStatus.NotFound)
        {
            RequestId = body?.RequestId ?? string.Empty,
            Warnings = body?.Warnings ?? VaultResponse.s_noStrings,
        };

    private static Dictionary<string, JsonElement> ToDataMap(JsonElement values)
    {
        // The elements share the response's document, so building the map copies no JSON; sizing it up front
        // avoids regrowing it on the hot read path.
        var map = new Dictionary<string, JsonElement>(values.GetPropertyCount(), StringComparer.Ordinal);
        foreach (JsonProperty property in values.EnumerateObject())
        {
            map[property.Name] = property.Value;
        }

        return map;
    }

    /// <summary>Reads the fields of a version's metadata in one pass (one lookup per field would scan the object each time).</summary>
    private static VersionFields ReadVersionFields(JsonElement metadata)
    {
        var fields = default(VersionFields);
        var names = new JsonFieldMatcher(s_versionFields);
        foreach (JsonProperty property in metadata.EnumerateObject())
        {
            JsonElement value = property.Value;
            switch (names.Match(property))
            {
                case 0:
                    fields.CreatedTime = ReadTime(value);
                    break;
                case 1:
                    fields.CustomMetadata = value;
                    break;
                case 2:
                    fields.DeletionTime = ReadTime(value);
                    break;
                case 3:
                    fields.Destroyed = value.ValueKind == JsonValueKind.True;
                    break;
                case 4:
                    fields.Version = value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out int number) ? number : null;
                    break;
            }
        }

        return fields;
    }

    private static DateTimeOffset? ReadTime(JsonElement value) =>
        value.ValueKind == JsonValueKind.String
            && value.TryGetDateTimeOffset(out DateTimeOffset time) // RFC 3339 with up to nine fractional digits; "" means unset
            ? time
            : null;

    private static IReadOnlyDictionary<string, string> ToStringMap(JsonElement map)
    {
        if (map.ValueKind != JsonValueKind.Object)
        {
            return KvSecret.s_noMetadata;
        }

        int count = map.GetPropertyCount();
        if (count == 0)
        {
            return KvSecret.s_noMetadata;
        }

        var result = new Dictionary<string, string>(count, StringComparer.Ordinal);
        foreach (JsonProperty property in map.EnumerateObject())
        {
            result[property.Name] = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString()! : property.Value.GetRawText();
        }

        return result;
    }

    private struct VersionFields
    {
        public int? Version;
        public DateTimeOffset? CreatedTime;
        public DateTimeOffset? DeletionTime;
        public bool Destroyed;
        public JsonElement CustomMetadata;
    }
}
