// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Buffers.Text;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Vault.Kubernetes.Http;

/// <summary>Reads a Vault response envelope (or error body) from its UTF-8 JSON in one forward pass.</summary>
/// <remarks>
/// Deserializing the envelope with the serializer's stream reader scanned <c>data</c> (usually most of the body)
/// three times to build its <see cref="JsonElement"/> and was most of the client's overhead on a KV read. Here the
/// body is already whole in memory: <c>data</c> is parsed once into its own document, the scalars are read in place
/// and <c>auth</c> and <c>wrap_info</c> still go through the source-generated contract.
/// </remarks>
internal static class EnvelopeParser
{
    /// <summary>Parses <paramref name="json"/>; the result holds no reference to it.</summary>
    /// <exception cref="JsonException">The body is not JSON, not an object, or a field has the wrong type (the message names the field, never its value).</exception>
    public static EnvelopeWire Parse(ReadOnlyMemory<byte> json)
    {
        var reader = new Utf8JsonReader(json.Span, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException($"The Vault response is a JSON {reader.TokenType}, not an object.");
        }

        var envelope = new EnvelopeWire();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("data"u8))
            {
                reader.Read();
                envelope.Data = reader.TokenType == JsonTokenType.Null ? null : JsonElement.ParseValue(ref reader);
            }
            else if (reader.ValueTextEquals("request_id"u8))
            {
                envelope.RequestId = ReadString(ref reader, "request_id");
            }
            else if (reader.ValueTextEquals("lease_id"u8))
            {
                envelope.LeaseId = ReadString(ref reader, "lease_id");
            }
            else if (reader.ValueTextEquals("renewable"u8))
            {
                envelope.Renewable = ReadBoolean(ref reader, "renewable");
            }
            else if (reader.ValueTextEquals("lease_duration"u8))
            {
                envelope.LeaseDuration = ReadInt64(ref reader, "lease_duration");
            }
            else if (reader.ValueTextEquals("mount_type"u8))
            {
                envelope.MountType = ReadMountType(ref reader);
            }
            else if (reader.ValueTextEquals("warnings"u8))
            {
                envelope.Warnings = ReadStrings(ref reader, "warnings");
            }
            else if (reader.ValueTextEquals("errors"u8))
            {
                envelope.Errors = ReadStrings(ref reader, "errors");
            }
            else if (reader.ValueTextEquals("auth"u8))
            {
                envelope.Auth = ReadObject(ref reader, "auth", VaultJsonContext.Default.AuthWire);
            }
            else if (reader.ValueTextEquals("wrap_info"u8))
            {
                envelope.WrapInfo = ReadObject(ref reader, "wrap_info", VaultJsonContext.Default.WrapInfoWire);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        // Anything after the closing brace (a second document, stray text) makes the reader throw here.
        if (reader.TokenType != JsonTokenType.EndObject || reader.Read())
        {
            throw new JsonException("The Vault response has data after its closing brace.");
        }

        return envelope;
    }

    private static string? ReadString(ref Utf8JsonReader reader, string field)
    {
        reader.Read();
        return reader.TokenType switch
        {
            JsonTokenType.String => reader.GetString(),
            JsonTokenType.Null => null,
            _ => throw WrongType(field, "a string", reader.TokenType),
        };
    }

    private static string? ReadMountType(ref Utf8JsonReader reader)
    {
        reader.Read();

        // Every KV response names its engine; the common answer costs no string.
        return reader.TokenType == JsonTokenType.String && reader.ValueTextEquals("kv"u8) ? "kv"
            : reader.TokenType switch
            {
                JsonTokenType.String => reader.GetString(),
                JsonTokenType.Null => null,
                _ => throw WrongType("mount_type", "a string", reader.TokenType),
            };
    }

    private static bool ReadBoolean(ref Utf8JsonReader reader, string field)
    {
        reader.Read();
        return reader.TokenType switch
        {
            JsonTokenType.True => true,
            JsonTokenType.False or JsonTokenType.Null => false,
            _ => throw WrongType(field, "true or false", reader.TokenType),
        };
    }

    private static long ReadInt64(ref Utf8JsonReader reader, string field)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out long number))
        {
            return number;
        }

        // Some plugins write numbers as strings; the serializer contract this replaces accepted them too.
        if (reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped && !reader.HasValueSequence
            && Utf8Parser.TryParse(reader.ValueSpan, out number, out int consumed) && consumed == reader.ValueSpan.Length)
        {
            return number;
        }

        return reader.TokenType == JsonTokenType.Null ? 0 : throw WrongType(field, "a whole number", reader.TokenType);
    }

    private static List<string>? ReadStrings(ref Utf8JsonReader reader, string field)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw WrongType(field, "an array of strings", reader.TokenType);
        }

        var list = new List<string>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            list.Add(reader.TokenType switch
            {
                JsonTokenType.String => reader.GetString()!,
                JsonTokenType.Null => string.Empty,
                _ => throw WrongType(field, "an array of strings", reader.TokenType),
            });
        }

        return list;
    }

    private static T? ReadObject<T>(ref Utf8JsonReader reader, string field, JsonTypeInfo<T> typeInfo)
        where T : class
    {
        reader.Read();
        return reader.TokenType switch
        {
            JsonTokenType.Null => null,
            JsonTokenType.StartObject => JsonSerializer.Deserialize(ref reader, typeInfo),
            _ => throw WrongType(field, "an object", reader.TokenType),
        };
    }

    private static JsonException WrongType(string field, string expected, JsonTokenType found) =>
        new($"The field '{field}' of the Vault response is a JSON {found}, expected {expected}.");
}
