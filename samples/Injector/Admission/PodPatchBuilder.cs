// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Text.Json.Nodes;

namespace Vault.Kubernetes.Injector.Admission;

/// <summary>Collects RFC 6902 <c>add</c> operations against the incoming pod, remembering which arrays the earlier operations created.</summary>
internal sealed class PodPatchBuilder
{
    private readonly JsonArray _operations = [];
    private readonly HashSet<string> _createdArrays = new(StringComparer.Ordinal);

    /// <summary>Gets the operations so far.</summary>
    public JsonArray Operations => _operations;

    /// <summary>Appends <paramref name="item"/> to the array at <paramref name="path"/>.</summary>
    /// <param name="path">The array's JSON pointer.</param>
    /// <param name="existing">The array in the incoming pod, or <see langword="null"/> when absent.</param>
    /// <param name="item">The element.</param>
    /// <remarks>
    /// <c>/-</c> needs an existing array, so the first element of an absent or empty array is added as a one-element
    /// array, as vault-k8s does; unlike vault-k8s, an array created by an earlier operation is then appended to,
    /// not replaced.
    /// </remarks>
    public void Append(string path, JsonArray? existing, JsonNode item)
    {
        if ((existing is null || existing.Count == 0) && _createdArrays.Add(path))
        {
            Add(path, new JsonArray(item));
            return;
        }

        Add(path + "/-", item);
    }

    /// <summary>Adds an <c>add</c> operation.</summary>
    /// <param name="path">The JSON pointer.</param>
    /// <param name="value">The value.</param>
    public void Add(string path, JsonNode value) =>
        _operations.Add((JsonNode)new JsonObject { ["op"] = "add", ["path"] = path, ["value"] = value });

    /// <summary>Adds a <c>remove</c> operation.</summary>
    /// <param name="path">The JSON pointer.</param>
    public void Remove(string path) => _operations.Add((JsonNode)new JsonObject { ["op"] = "remove", ["path"] = path });

    /// <summary>Escapes one JSON pointer segment (RFC 6901: <c>~</c> → <c>~0</c>, <c>/</c> → <c>~1</c>).</summary>
    /// <param name="segment">The segment, for example an annotation name.</param>
    /// <returns>The escaped segment.</returns>
    public static string Escape(string segment) => segment.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);
}
