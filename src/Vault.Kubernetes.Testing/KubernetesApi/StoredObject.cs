// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Text.Json.Nodes;

namespace Vault.Kubernetes.Testing.KubernetesApi;

/// <summary>One stored object: a tree that is never mutated once stored, and its serialized form.</summary>
/// <remarks>
/// Every write builds a new tree, so readers and watch history can share this one; the bytes are what GET, list and
/// watch send, serialized once per write rather than once per reader (a watch fan-out would otherwise re-serialize per watcher).
/// </remarks>
internal sealed class StoredObject
{
    public StoredObject(JsonObject node)
    {
        Node = node;
        Json = System.Text.Encoding.UTF8.GetBytes(KubeJson.Write(node));
    }

    public JsonObject Node { get; }

    public byte[] Json { get; }

    public JsonObject Metadata => (JsonObject)Node["metadata"]!;

    public string Name => (string)Metadata["name"]!;

    public string? Namespace => (string?)Metadata["namespace"];

    public string Uid => (string?)Metadata["uid"] ?? string.Empty;

    public string ResourceVersion => (string?)Metadata["resourceVersion"] ?? "0";

    /// <summary>Returns a copy for a caller to change.</summary>
    public JsonObject Copy() => (JsonObject)Node.DeepClone();
}
