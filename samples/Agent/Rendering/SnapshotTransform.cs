// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Globalization;
using System.Text;
using System.Text.Json;
using Vault.Kubernetes.Secrets;
using Vault.Kubernetes.Sync;

namespace Vault.Kubernetes.Agent.Rendering;

/// <summary>Carries a whole snapshot (data, lease, version) through the engine's payload, so files are rendered in the sink from what Vault returned.</summary>
/// <remarks>
/// The payload (and so the engine's content hash) holds the data, lease id, lease duration, renewability and version, but not the
/// read time: re-reading an unchanged KV secret therefore leaves the hash, and the files, untouched.
/// </remarks>
internal sealed class SnapshotTransform : ISecretTransform
{
    private const string DataKey = "data";
    private const string LeaseIdKey = "lease_id";
    private const string LeaseDurationKey = "lease_duration";
    private const string RenewableKey = "renewable";
    private const string VersionKey = "version";

    private SnapshotTransform()
    {
    }

    /// <summary>Gets the shared instance.</summary>
    public static SnapshotTransform Instance { get; } = new();

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, string> Transform(SecretSpec spec, SecretSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var payload = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [DataKey] = SerializeData(snapshot.Data),
            [LeaseIdKey] = snapshot.LeaseId,
            [LeaseDurationKey] = ((long)snapshot.LeaseDuration.TotalSeconds).ToString(CultureInfo.InvariantCulture),
            [RenewableKey] = snapshot.Renewable ? "true" : "false",
        };
        if (snapshot.Version is int version)
        {
            payload[VersionKey] = version.ToString(CultureInfo.InvariantCulture);
        }

        return payload;
    }

    /// <summary>Rebuilds the snapshot a payload was made from.</summary>
    /// <param name="payload">A payload made by <see cref="Transform"/>.</param>
    /// <param name="retrievedAt">When the engine read the secret.</param>
    /// <returns>The snapshot.</returns>
    public static SecretSnapshot ToSnapshot(IReadOnlyDictionary<string, string> payload, DateTimeOffset retrievedAt)
    {
        ArgumentNullException.ThrowIfNull(payload);
        using var document = JsonDocument.Parse(payload[DataKey]);
        var data = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (JsonProperty property in document.RootElement.EnumerateObject())
        {
            data[property.Name] = property.Value.Clone();
        }

        return new SecretSnapshot(data, retrievedAt)
        {
            LeaseId = payload.GetValueOrDefault(LeaseIdKey) ?? string.Empty,
            LeaseDuration = TimeSpan.FromSeconds(long.Parse(payload.GetValueOrDefault(LeaseDurationKey) ?? "0", CultureInfo.InvariantCulture)),
            Renewable = payload.GetValueOrDefault(RenewableKey) == "true",
            Version = payload.TryGetValue(VersionKey, out string? version) ? int.Parse(version, CultureInfo.InvariantCulture) : null,
        };
    }

    private static string SerializeData(IReadOnlyDictionary<string, JsonElement> data)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            foreach (KeyValuePair<string, JsonElement> pair in data.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                writer.WritePropertyName(pair.Key);
                pair.Value.WriteTo(writer);
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.GetBuffer(), 0, (int)stream.Length);
    }
}
