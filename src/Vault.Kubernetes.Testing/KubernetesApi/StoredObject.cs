// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Collections.Generic;
using System.Linq;
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
        Json = System.Text.Encoding.UTF8.GetBytes(KubeJson.Write(node));
        var metadata = (JsonObject)node["metadata"]!;
        Name = (string)metadata["name"]!;
        Namespace = (string?)metadata["namespace"];
        Uid = (string?)metadata["uid"] ?? string.Empty;
        ResourceVersion = (string?)metadata["resourceVersion"] ?? "0";
        OwnerUids = metadata["ownerReferences"] is JsonArray owners ? [.. owners.Select(o => (string?)o?["uid"]).OfType<string>()] : [];

        // Re-parsed rather than kept: a parsed node stays a compact JSON document until something reads into it,
        // which holds 20,000 objects in a fraction of the memory of fully built trees (benchmarks/results).
        Node = (JsonObject)JsonNode.Parse(Json)!;
    }

    public JsonObject Node { get; }

    public byte[] Json { get; }

    public JsonObject Metadata => (JsonObject)Node["metadata"]!;

    public string Name { get; }

    public string? Namespace { get; }

    public string Uid { get; }

    public string ResourceVersion { get; }

    /// <summary>Gets the owners' UIDs, kept apart so garbage collection need not parse every object.</summary>
    public IReadOnlyList<string> OwnerUids { get; }

    /// <summary>Returns a copy for a caller to change.</summary>
    public JsonObject Copy() => (JsonObject)Node.DeepClone();
}
