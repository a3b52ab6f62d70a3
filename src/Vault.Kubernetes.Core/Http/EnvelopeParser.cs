// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Vault.Kubernetes.Http;

/// <summary>Reads a Vault response envelope (or error body) from its UTF-8 JSON.</summary>
/// <remarks>
/// The body is tokenized exactly once: parsed into a pooled document, from which <c>data</c> is cloned (a copy of
/// its bytes and parsed rows, no second parse) and the scalars are read. Deserializing the envelope with the
/// serializer's stream reader scanned <c>data</c>, usually most of the body, three times to build its
/// <see cref="JsonElement"/>; that was most of the client's overhead on a KV read. <c>auth</c> and <c>wrap_info</c>
/// still go through the source-generated contract.
/// </remarks>
internal static class EnvelopeParser
{
    private const int RequestId = 0;
    private const int LeaseId = 1;
    private const int Renewable = 2;
    private const int LeaseDuration = 3;
    private const int Data = 4;
    private const int WrapInfo = 5;
    private const int Warnings = 6;
    private const int Auth = 7;
    private const int MountType = 8;
    private const int Errors = 9;

    /// <summary>How deep a response may nest: Vault stores what its Go decoder accepted (10,000 levels); System.Text.Json stops at 64 by default.</summary>
    internal const int MaxDepth = 1000;

    private static readonly JsonDocumentOptions s_documentOptions = new() { MaxDepth = MaxDepth };

    // In the order Vault writes them (its logical.HTTPResponse struct); error bodies carry only "errors".
    private static readonly byte[][] s_fields =
    [
        "request_id"u8.ToArray(), "lease_id"u8.ToArray(), "renewable"u8.ToArray(), "lease_duration"u8.ToArray(), "data"u8.ToArray(),
        "wrap_info"u8.ToArray(), "warnings"u8.ToArray(), "auth"u8.ToArray(), "mount_type"u8.ToArray(), "errors"u8.ToArray(),
    ];

    /// <summary>Parses <paramref name="json"/>; the result holds no reference to it.</summary>
    /// <exception cref="JsonException">The body is not a single JSON object, or a field has the wrong type (the message names the field, never its value).</exception>
    public static EnvelopeWire Parse(ReadOnlyMemory<byte> json) => Parse(json, currentVersionOnly: false);

    /// <summary>Parses a KV v2 metadata answer for its <c>data.current_version</c> alone (<see cref="EnvelopeWire.DataCurrentVersion"/>); <c>data</c> is not kept.</summary>
    /// <remarks>
    /// The version check of every unchanged refresh: cloning <c>data</c> and deserializing every version's metadata cost about 6.5 KB per
    /// check to read one number. Errors, warnings and the rest of the envelope are read as always, so the transport's handling (an
    /// invalid token, 404 versus an error) is unchanged.
    /// </remarks>
    /// <exception cref="JsonException">As <see cref="Parse(ReadOnlyMemory{byte})"/>.</exception>
    public static EnvelopeWire ParseCurrentVersion(ReadOnlyMemory<byte> json) => Parse(json, currentVersionOnly: true);

    private static EnvelopeWire Parse(ReadOnlyMemory<byte> json, bool currentVersionOnly)
    {
        using JsonDocument document = JsonDocument.Parse(json, s_documentOptions);
        JsonElement root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException($"The Vault response is a JSON {root.ValueKind}, not an object.");
        }

        var envelope = new EnvelopeWire();
        var fields = new JsonFieldMatcher(s_fields);
        foreach (JsonProperty property in root.EnumerateObject())
        {
            JsonElement value = property.Value;
            switch (fields.Match(property))
            {
                case RequestId:
                    envelope.RequestId = ReadString(value, "request_id");
                    break;
                case LeaseId:
                    envelope.LeaseId = ReadString(value, "lease_id");
                    break;
                case Renewable:
                    envelope.Renewable = ReadBoolean(value, "renewable");
                    break;
                case LeaseDuration:
                    envelope.LeaseDuration = ReadInt64(value, "lease_duration");
                    break;
                case Data when currentVersionOnly:
                    envelope.DataCurrentVersion = value.ValueKind == JsonValueKind.Object && value.TryGetProperty("current_version"u8, out JsonElement current)
                        && current.ValueKind == JsonValueKind.Number && current.TryGetInt32(out int version) ? version : null;
                    break;
                case Data:
                    // A copy of this one value's bytes and parsed rows; nothing is parsed again.
                    envelope.Data = value.ValueKind == JsonValueKind.Null ? null : value.Clone();
                    break;
                case WrapInfo:
                    envelope.WrapInfo = ReadObject(value, "wrap_info", VaultJsonContext.Default.WrapInfoWire);
                    break;
                case Warnings:
                    envelope.Warnings = ReadStrings(value, "warnings");
                    break;
                case Auth:
                    envelope.Auth = ReadObject(value, "auth", VaultJsonContext.Default.AuthWire);
                    break;
                case MountType:
                    // Every KV response names its engine; the common answer costs no string.
                    envelope.MountType = value.ValueKind == JsonValueKind.String && value.ValueEquals("kv"u8) ? "kv" : ReadString(value, "mount_type");
                    break;
                case Errors:
                    envelope.Errors = ReadStrings(value, "errors");
                    break;
            }
        }

        return envelope;
    }

    private static string? ReadString(JsonElement value, string field) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Null => null,
        _ => throw WrongType(field, "a string", value),
    };

    private static bool ReadBoolean(JsonElement value, string field) => value.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False or JsonValueKind.Null => false,
        _ => throw WrongType(field, "true or false", value),
    };

    private static long ReadInt64(JsonElement value, string field)
    {
        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out long number))
        {
            return number;
        }

        // Some plugins write numbers as strings; the serializer contract this replaces accepted them too.
        if (value.ValueKind == JsonValueKind.String && long.TryParse(value.GetString(), System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out number))
        {
            return number;
        }

        return value.ValueKind == JsonValueKind.Null ? 0 : throw WrongType(field, "a whole number", value);
    }

    private static List<string>? ReadStrings(JsonElement value, string field)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            throw WrongType(field, "an array of strings", value);
        }

        var list = new List<string>(value.GetArrayLength());
        foreach (JsonElement item in value.EnumerateArray())
        {
            list.Add(item.ValueKind switch
            {
                JsonValueKind.String => item.GetString()!,
                JsonValueKind.Null => string.Empty,
                _ => throw WrongType(field, "an array of strings", item),
            });
        }

        return list;
    }

    private static T? ReadObject<T>(JsonElement value, string field, JsonTypeInfo<T> typeInfo)
        where T : class => value.ValueKind switch
        {
            JsonValueKind.Null => null,
            JsonValueKind.Object => value.Deserialize(typeInfo),
            _ => throw WrongType(field, "an object", value),
        };

    private static JsonException WrongType(string field, string expected, JsonElement found) =>
        new($"The field '{field}' of the Vault response is a JSON {found.ValueKind}, expected {expected}.");
}
