// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.IO;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace Vault.Kubernetes.Testing.Internal;

/// <summary>Writes <see cref="VaultResponse"/>s in Vault's wire shape (all envelope keys always present).</summary>
internal static class VaultResponseWriter
{
    private static readonly string[] s_envelopeKeys =
        ["request_id", "lease_id", "renewable", "lease_duration", "data", "wrap_info", "warnings", "auth", "mount_type"];

    /// <summary>Serializes the response body to UTF-8 JSON (empty for <see cref="VaultResponseKind.Empty"/>).</summary>
    public static byte[] Serialize(VaultResponse response, string requestId, string mountType)
    {
        if (response.Kind == VaultResponseKind.Empty)
        {
            return [];
        }

        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            switch (response.Kind)
            {
                case VaultResponseKind.Errors:
                    writer.WriteStartObject();
                    writer.WriteStartArray("errors");
                    foreach (string error in response.Errors)
                    {
                        writer.WriteStringValue(error);
                    }

                    writer.WriteEndArray();
                    writer.WriteEndObject();
                    break;
                case VaultResponseKind.Raw:
                    (response.RawBody ?? new JsonObject()).WriteTo(writer);
                    break;
                default:
                    WriteEnvelope(writer, response, requestId, mountType);
                    break;
            }
        }

        return stream.ToArray();
    }

    /// <summary>Writes status, headers and body to the HTTP response.</summary>
    public static async Task WriteAsync(HttpContext context, VaultResponse response, string requestId, string mountType, CancellationToken cancellationToken)
    {
        context.Response.StatusCode = response.StatusCode;
        context.Response.Headers.CacheControl = "no-store";
        foreach ((string name, string value) in response.Headers)
        {
            context.Response.Headers[name] = value;
        }

        byte[] body = Serialize(response, requestId, mountType);
        if (body.Length == 0)
        {
            return;
        }

        context.Response.ContentType = "application/json";
        context.Response.ContentLength = body.Length;
        if (!HttpMethods.IsHead(context.Request.Method))
        {
            await context.Response.Body.WriteAsync(body, cancellationToken).ConfigureAwait(false);
        }
    }

    private static void WriteEnvelope(Utf8JsonWriter writer, VaultResponse response, string requestId, string mountType)
    {
        writer.WriteStartObject();
        writer.WriteString("request_id", response.RequestId ?? requestId);
        writer.WriteString("lease_id", response.LeaseId);
        writer.WriteBoolean("renewable", response.Renewable);
        writer.WriteNumber("lease_duration", response.LeaseDuration);
        WriteNode(writer, "data", response.Data);
        WriteNode(writer, "wrap_info", response.WrapInfo);
        if (response.Warnings is { Count: > 0 } warnings)
        {
            writer.WriteStartArray("warnings");
            foreach (string warning in warnings)
            {
                writer.WriteStringValue(warning);
            }

            writer.WriteEndArray();
        }
        else
        {
            writer.WriteNull("warnings");
        }

        WriteNode(writer, "auth", response.Auth);
        writer.WriteString("mount_type", response.MountType ?? mountType);
        if (response.InjectDataAtTopLevel && response.Data is JsonObject data)
        {
            foreach ((string key, JsonNode? value) in data)
            {
                if (System.Array.IndexOf(s_envelopeKeys, key) < 0)
                {
                    WriteNode(writer, key, value);
                }
            }
        }

        writer.WriteEndObject();
    }

    private static void WriteNode(Utf8JsonWriter writer, string name, JsonNode? node)
    {
        writer.WritePropertyName(name);
        if (node is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            node.WriteTo(writer);
        }
    }
}
