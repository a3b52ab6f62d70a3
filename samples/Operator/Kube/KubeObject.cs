// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Text.Json.Nodes;

namespace Vault.Kubernetes.Operator.Kube;

/// <summary>Reads the common metadata of a Kubernetes object held as JSON.</summary>
internal static class KubeObject
{
    public static string Name(JsonObject obj) => (string?)obj["metadata"]?["name"] ?? string.Empty;

    public static string Namespace(JsonObject obj) => (string?)obj["metadata"]?["namespace"] ?? string.Empty;

    public static string Uid(JsonObject obj) => (string?)obj["metadata"]?["uid"] ?? string.Empty;

    public static long Generation(JsonObject obj) => (long?)obj["metadata"]?["generation"] ?? 0;

    public static bool IsDeleting(JsonObject obj) => obj["metadata"]?["deletionTimestamp"] is not null;

    /// <summary>Returns <c>namespace/name</c>.</summary>
    public static string Key(JsonObject obj) => Namespace(obj) + "/" + Name(obj);

    public static string? Label(JsonObject obj, string name) => (string?)obj["metadata"]?["labels"]?[name];

    public static bool HasFinalizer(JsonObject obj, string finalizer) =>
        obj["metadata"]?["finalizers"] is JsonArray list && list.Any(f => (string?)f == finalizer);

    public static IReadOnlyList<string> Finalizers(JsonObject obj) =>
        obj["metadata"]?["finalizers"] is JsonArray list ? list.Select(f => (string?)f ?? string.Empty).ToArray() : [];
}
