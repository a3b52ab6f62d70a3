// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Vault.Kubernetes.Operator.Resources;
using Vault.Kubernetes.Secrets;
using Vault.Kubernetes.Sync;

namespace Vault.Kubernetes.Operator.Controller;

/// <summary>Builds a destination Secret's <c>data</c> as VSO does: one key per top-level field, <c>_raw</c> with the whole data as JSON, includes/excludes applied.</summary>
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
        // The merged Vault data as one JSON object, in merge order (a later path's key wins); with one path it is that path's data.
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

        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (KeyValuePair<string, JsonElement> pair in merged.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                writer.WritePropertyName(pair.Key);
                pair.Value.WriteTo(writer);
            }

            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
