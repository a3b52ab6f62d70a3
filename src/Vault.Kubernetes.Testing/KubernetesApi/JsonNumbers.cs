// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Text.Json.Nodes;

namespace Vault.Kubernetes.Testing.KubernetesApi;

/// <summary>Reads integers from nodes whether they were parsed (JSON text) or built in code (boxed int or long).</summary>
internal static class JsonNumbers
{
    public static long? Long(JsonNode? node) => node switch
    {
        JsonValue value when value.TryGetValue(out long l) => l,
        JsonValue value when value.TryGetValue(out int i) => i,
        JsonValue value when value.TryGetValue(out double d) => (long)d,
        _ => null,
    };

    public static double? Double(JsonNode? node) => node switch
    {
        JsonValue value when value.TryGetValue(out double d) => d,
        JsonValue value when value.TryGetValue(out long l) => l,
        JsonValue value when value.TryGetValue(out int i) => i,
        JsonValue value when value.TryGetValue(out decimal m) => (double)m,
        _ => null,
    };
}
