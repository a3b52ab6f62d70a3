// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Text.Json;
using Vault.Kubernetes.Secrets;

namespace Vault.Kubernetes.Agent.Rendering;

/// <summary>Rebuilds the <c>data</c> object of Vault's response from a snapshot: what Go templates see as <c>.Data</c>.</summary>
/// <remarks>
/// For KV version 2 the response's data wraps the secret in <c>data</c> next to <c>metadata</c>; the engine keeps only the
/// version of the metadata, so <c>.Data.metadata</c> holds <c>version</c> alone.
/// </remarks>
internal static class ResponseData
{
    /// <summary>Builds <c>.Data</c> for a snapshot.</summary>
    /// <param name="snapshot">The secret.</param>
    /// <returns>A JSON object.</returns>
    public static JsonElement From(SecretSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            if (snapshot.Version is int version)
            {
                writer.WriteStartObject("data");
                WriteProperties(writer, snapshot);
                writer.WriteEndObject();
                writer.WriteStartObject("metadata");
                writer.WriteNumber("version", version);
                writer.WriteEndObject();
            }
            else
            {
                WriteProperties(writer, snapshot);
            }

            writer.WriteEndObject();
        }

        using var document = JsonDocument.Parse(stream.ToArray());
        return document.RootElement.Clone();
    }

    private static void WriteProperties(Utf8JsonWriter writer, SecretSnapshot snapshot)
    {
        foreach (KeyValuePair<string, JsonElement> pair in snapshot.Data.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            writer.WritePropertyName(pair.Key);
            pair.Value.WriteTo(writer);
        }
    }
}
