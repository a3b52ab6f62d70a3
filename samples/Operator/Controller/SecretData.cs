// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Vault.Kubernetes.Operator.Resources;
using Vault.Kubernetes.Secrets;
using Vault.Kubernetes.Sync;
using Vault.Kubernetes.Templates;

namespace Vault.Kubernetes.Operator.Controller;

/// <summary>Builds a destination Secret's <c>data</c> as VSO does: one key per top-level field, <c>_raw</c> with the whole data as JSON, includes/excludes applied, then the transformation templates' keys.</summary>
internal static class SecretData
{
    public const string RawKey = "_raw";

    /// <summary>Returns the Secret data, base64-encoded as the API carries it, sorted by key.</summary>
    /// <exception cref="SecretTransformException">A Vault field is literally named <c>_raw</c> (VSO refuses it too).</exception>
    public static SortedDictionary<string, string> Build(SecretTargetContent content, Destination destination)
    {
        var data = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (KeyValuePair<string, string> pair in content.Merge())
        {
            if (pair.Key == RawKey)
            {
                throw new SecretTransformException($"{content.Target.Name}: a Vault field is named {RawKey}, which the operator reserves.");
            }

            // Excludes first, then includes, as VSO applies them.
            if (destination.Excludes.Any(r => r.IsMatch(pair.Key)) || (destination.Includes.Count > 0 && !destination.Includes.Any(r => r.IsMatch(pair.Key))))
            {
                continue;
            }

            data[pair.Key] = Convert.ToBase64String(Encoding.UTF8.GetBytes(pair.Value));
        }

        if (!destination.ExcludeRaw)
        {
            data[RawKey] = Convert.ToBase64String(Raw(content));
        }

        if (destination.Templates.Count > 0)
        {
            TemplateRenderOptions options = new() { Data = TemplateData(content, destination), ErrorOnMissingKey = false };
            foreach (DestinationTemplate template in destination.Templates)
            {
                try
                {
                    // Templated keys win over Vault's (VSO's rule); includes and excludes do not apply to them.
                    data[template.Key] = Convert.ToBase64String(Encoding.UTF8.GetBytes(template.Template.Render(new Dictionary<TemplateSecretRequest, TemplateSecret>(), options)));
                }
                catch (TemplateException ex)
                {
                    // The message names the construct, line and column, never a value.
                    throw new SecretTransformException($"{content.Target.Name}: spec.destination.transformation.templates.{template.Key}: {ex.Message}");
                }
            }
        }

        return data;
    }

    /// <summary>Returns whether a Secret object's <c>data</c> equals <paramref name="expected"/>.</summary>
    public static bool Matches(JsonObject secret, IReadOnlyDictionary<string, string> expected)
    {
        JsonObject? data = secret["data"] as JsonObject;
        if ((data?.Count ?? 0) != expected.Count)
        {
            return false;
        }

        foreach (KeyValuePair<string, string> pair in expected)
        {
            if ((string?)data![pair.Key] != pair.Value)
            {
                return false;
            }
        }

        return true;
    }

    public static JsonObject ToJson(IReadOnlyDictionary<string, string> data)
    {
        var obj = new JsonObject();
        foreach (KeyValuePair<string, string> pair in data)
        {
            obj[pair.Key] = pair.Value;
        }

        return obj;
    }

    private static byte[] Raw(SecretTargetContent content)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WriteMerged(writer, content);
        }

        return buffer.ToArray();
    }

    /// <summary>What VSO's templates see: <c>.Secrets</c> (the merged Vault data), <c>.Metadata</c> (the KV v2 secret's custom metadata, merged the same way), <c>.Annotations</c> and <c>.Labels</c> of the resource.</summary>
    private static JsonElement TemplateData(SecretTargetContent content, Destination destination)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WritePropertyName("Secrets");
            WriteMerged(writer, content);
            var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (SecretTargetItem item in content.Items)
            {
                if (item.Snapshot is not { } snapshot)
                {
                    continue;
                }

                foreach (KeyValuePair<string, string> pair in snapshot.CustomMetadata)
                {
                    metadata[pair.Key] = pair.Value;
                }
            }

            WriteMap(writer, "Metadata", metadata);
            WriteMap(writer, "Annotations", destination.SourceAnnotations);
            WriteMap(writer, "Labels", destination.SourceLabels);
            writer.WriteEndObject();
        }

        using JsonDocument document = JsonDocument.Parse(buffer.ToArray());
        return document.RootElement.Clone();
    }

    private static void WriteMap(Utf8JsonWriter writer, string name, IReadOnlyDictionary<string, string> map)
    {
        writer.WriteStartObject(name);
        foreach (KeyValuePair<string, string> pair in map)
        {
            writer.WriteString(pair.Key, pair.Value);
        }

        writer.WriteEndObject();
    }

    /// <summary>Writes the merged Vault data as one JSON object, in merge order (a later path's key wins); with one path it is that path's data.</summary>
    private static void WriteMerged(Utf8JsonWriter writer, SecretTargetContent content)
    {
        var merged = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (SecretTargetItem item in content.Items)
        {
            if (item.Snapshot is { } snapshot)
            {
                foreach (KeyValuePair<string, JsonElement> pair in snapshot.Data)
                {
                    merged[pair.Key] = pair.Value;
                }
            }
        }

        writer.WriteStartObject();
        foreach (KeyValuePair<string, JsonElement> pair in merged.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            writer.WritePropertyName(pair.Key);
            pair.Value.WriteTo(writer);
        }

        writer.WriteEndObject();
    }
}
