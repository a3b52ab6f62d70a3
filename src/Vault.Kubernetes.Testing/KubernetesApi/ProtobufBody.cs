// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json.Nodes;

namespace Vault.Kubernetes.Testing.KubernetesApi;

/// <summary>
/// Decodes the protobuf request bodies kubectl's typed <c>create</c> commands send (<c>create token</c>, <c>create
/// serviceaccount</c>, <c>create namespace</c>, <c>create secret</c>, <c>create configmap</c>) into the JSON the store keeps.
/// </summary>
/// <remarks>
/// The body is the <c>k8s\0</c> magic and a <c>runtime.Unknown</c> (typeMeta = 1, raw = 2) whose raw bytes are the object.
/// Field numbers come from the Kubernetes <c>generated.proto</c> files for these kinds only; anything else gets 415, and
/// answers are always JSON (clients accept it). Empty strings and empty messages are dropped, as JSON's omitempty would.
/// </remarks>
internal static class ProtobufBody
{
    public const string MediaType = "application/vnd.kubernetes.protobuf";

    private static readonly Dictionary<string, Dictionary<int, Field>> s_messages = new(StringComparer.Ordinal)
    {
        ["TypeMeta"] = new() { [1] = new("apiVersion", Wire.String), [2] = new("kind", Wire.String) },
        ["ObjectMeta"] = new()
        {
            [1] = new("name", Wire.String), [2] = new("generateName", Wire.String), [3] = new("namespace", Wire.String),
            [5] = new("uid", Wire.String), [6] = new("resourceVersion", Wire.String), [11] = new("labels", Wire.StringMap),
            [12] = new("annotations", Wire.StringMap), [13] = new("ownerReferences", Wire.Message, "OwnerReference", Repeated: true),
            [14] = new("finalizers", Wire.String, Repeated: true),
        },
        ["OwnerReference"] = new()
        {
            [1] = new("kind", Wire.String), [3] = new("name", Wire.String), [4] = new("uid", Wire.String),
            [5] = new("apiVersion", Wire.String), [6] = new("controller", Wire.Bool), [7] = new("blockOwnerDeletion", Wire.Bool),
        },
        ["TokenRequest"] = new() { [1] = new("metadata", Wire.Message, "ObjectMeta"), [2] = new("spec", Wire.Message, "TokenRequestSpec") },
        ["TokenRequestSpec"] = new()
        {
            [1] = new("audiences", Wire.String, Repeated: true), [3] = new("boundObjectRef", Wire.Message, "BoundObjectReference"),
            [4] = new("expirationSeconds", Wire.Varint),
        },
        ["BoundObjectReference"] = new() { [1] = new("kind", Wire.String), [2] = new("apiVersion", Wire.String), [3] = new("name", Wire.String), [4] = new("uid", Wire.String) },
        ["ServiceAccount"] = new()
        {
            [1] = new("metadata", Wire.Message, "ObjectMeta"), [3] = new("imagePullSecrets", Wire.Message, "LocalObjectReference", Repeated: true),
            [4] = new("automountServiceAccountToken", Wire.Bool),
        },
        ["LocalObjectReference"] = new() { [1] = new("name", Wire.String) },
        ["Namespace"] = new() { [1] = new("metadata", Wire.Message, "ObjectMeta") },
        ["Secret"] = new()
        {
            [1] = new("metadata", Wire.Message, "ObjectMeta"), [2] = new("data", Wire.BytesMap), [3] = new("type", Wire.String),
            [4] = new("stringData", Wire.StringMap), [5] = new("immutable", Wire.Bool),
        },
        ["ConfigMap"] = new()
        {
            [1] = new("metadata", Wire.Message, "ObjectMeta"), [2] = new("data", Wire.StringMap), [3] = new("binaryData", Wire.BytesMap),
            [4] = new("immutable", Wire.Bool),
        },
    };

    private enum Wire
    {
        String,
        Varint,
        Bool,
        Message,
        StringMap,
        BytesMap,
    }

    /// <exception cref="KubeApiException">415 for a kind this decoder does not know, 400 for a malformed body.</exception>
    public static JsonObject Decode(byte[] body)
    {
        if (body.Length < 4 || body[0] != 'k' || body[1] != '8' || body[2] != 's' || body[3] != 0)
        {
            throw KubeApiException.BadRequest("the protobuf body does not start with the k8s envelope magic");
        }

        try
        {
            JsonObject unknown = Parse(body.AsSpan(4), new Dictionary<int, Field> { [1] = new("typeMeta", Wire.Message, "TypeMeta"), [2] = new("raw", Wire.String) }, keepRaw: true, out byte[]? raw);
            string kind = (string?)unknown["typeMeta"]?["kind"] ?? string.Empty;
            if (!s_messages.TryGetValue(kind, out Dictionary<int, Field>? fields) || kind is "TypeMeta" or "ObjectMeta")
            {
                throw new KubeApiException(415, "UnsupportedMediaType", $"this dev server decodes protobuf bodies of ServiceAccount, Namespace, Secret, ConfigMap and TokenRequest only, not {kind}; send JSON");
            }

            JsonObject obj = Parse(raw ?? [], fields, keepRaw: false, out _);
            var result = new JsonObject { ["apiVersion"] = unknown["typeMeta"]?["apiVersion"]?.DeepClone(), ["kind"] = kind };
            foreach (KeyValuePair<string, JsonNode?> pair in obj)
            {
                result[pair.Key] = pair.Value?.DeepClone();
            }

            return result;
        }
        catch (Exception ex) when (ex is IndexOutOfRangeException or ArgumentOutOfRangeException or FormatException)
        {
            throw KubeApiException.BadRequest("the protobuf body could not be decoded");
        }
    }

    private static JsonObject Parse(ReadOnlySpan<byte> data, Dictionary<int, Field> fields, bool keepRaw, out byte[]? raw)
    {
        raw = null;
        var obj = new JsonObject();
        int position = 0;
        while (position < data.Length)
        {
            ulong tag = ReadVarint(data, ref position);
            int number = (int)(tag >> 3);
            int wireType = (int)(tag & 7);
            ReadOnlySpan<byte> payload = default;
            ulong scalar = 0;
            switch (wireType)
            {
                case 0:
                    scalar = ReadVarint(data, ref position);
                    break;
                case 2:
                    int length = (int)ReadVarint(data, ref position);
                    payload = data.Slice(position, length);
                    position += length;
                    break;
                case 1:
                    position += 8;
                    continue;
                case 5:
                    position += 4;
                    continue;
                default:
                    throw new FormatException("unsupported wire type");
            }

            if (keepRaw && number == 2)
            {
                raw = payload.ToArray();
                continue;
            }

            if (!fields.TryGetValue(number, out Field? field))
            {
                continue;
            }

            JsonNode? value = field.Wire switch
            {
                Wire.String => payload.Length == 0 ? null : Encoding.UTF8.GetString(payload),
                Wire.Varint => (long)scalar,
                Wire.Bool => scalar != 0,
                Wire.Message => Parse(payload, s_messages[field.Message!], keepRaw: false, out _) is { Count: > 0 } message ? message : null,
                _ => null,
            };
            if (field.Wire is Wire.StringMap or Wire.BytesMap)
            {
                (string key, byte[] bytes) = MapEntry(payload);
                JsonObject map = obj[field.Name] as JsonObject ?? [];
                obj[field.Name] = map;
                map[key] = field.Wire == Wire.BytesMap ? Convert.ToBase64String(bytes) : Encoding.UTF8.GetString(bytes);
            }
            else if (field.Repeated)
            {
                JsonArray list = obj[field.Name] as JsonArray ?? [];
                obj[field.Name] = list;
                list.Add(value ?? string.Empty);
            }
            else if (value is not null)
            {
                obj[field.Name] = value;
            }
        }

        return obj;
    }

    private static (string Key, byte[] Value) MapEntry(ReadOnlySpan<byte> entry)
    {
        string key = string.Empty;
        byte[] value = [];
        int position = 0;
        while (position < entry.Length)
        {
            ulong tag = ReadVarint(entry, ref position);
            int length = (int)ReadVarint(entry, ref position);
            ReadOnlySpan<byte> payload = entry.Slice(position, length);
            position += length;
            if (tag >> 3 == 1)
            {
                key = Encoding.UTF8.GetString(payload);
            }
            else
            {
                value = payload.ToArray();
            }
        }

        return (key, value);
    }

    private static ulong ReadVarint(ReadOnlySpan<byte> data, ref int position)
    {
        ulong result = 0;
        for (int shift = 0; shift < 64; shift += 7)
        {
            byte b = data[position++];
            result |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return result;
            }
        }

        throw new FormatException("varint too long");
    }

    private sealed record Field(string Name, Wire Wire, string? Message = null, bool Repeated = false);
}
