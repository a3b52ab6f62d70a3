// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Text.Json;
using Vault.Kubernetes.Secrets;

namespace Vault.Kubernetes.Core.Tests.Secrets;

/// <summary>Snapshots built from JSON text, for tests that render or write secrets (linked into the host test projects).</summary>
internal static class TestSnapshots
{
    public static readonly DateTimeOffset RetrievedAt = new(2026, 11, 26, 8, 0, 0, TimeSpan.Zero);

    /// <summary>Builds a snapshot whose data is the JSON object <paramref name="json"/>.</summary>
    public static SecretSnapshot FromJson(string json, int? version = null)
    {
        using var document = JsonDocument.Parse(json);
        var data = document.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone());
        return new SecretSnapshot(data, RetrievedAt) { Version = version };
    }
}
