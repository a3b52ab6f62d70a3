// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Globalization;
using System.Text.Json.Nodes;

namespace Vault.Kubernetes.Testing.KubernetesApi;

/// <summary>RFC 6902 JSON Patch (<c>application/json-patch+json</c>): add, remove, replace, move, copy, test.</summary>
internal static class JsonPatch
{
    /// <exception cref="KubeApiException">422 when an operation fails (missing path, failed test), 400 for a malformed patch.</exception>
    public static JsonObject Apply(JsonObject target, JsonNode patch)
    {
        if (patch is not JsonArray operations)
        {
            throw KubeApiException.BadRequest("json patch must be an array of operations");
        }

        JsonNode document = target.DeepClone();
        foreach (JsonNode? item in operations)
        {
            if (item is not JsonObject op || (string?)op["op"] is not { } kind || (string?)op["path"] is not { } path)
            {
                throw KubeApiException.BadRequest("json patch operation needs \"op\" and \"path\"");
            }

            document = kind switch
            {
                "add" => Add(document, path, Value(op)),
                "remove" => Remove(document, path, out _),
                "replace" => Add(Remove(document, path, out _), path, Value(op)),
                "move" => Move(document, (string?)op["from"], path),
                "copy" => Add(document, path, Get(document, (string?)op["from"] ?? string.Empty).DeepClone()),
                "test" => Test(document, path, Value(op)),
                _ => throw KubeApiException.BadRequest($"unexpected json patch operation \"{kind}\""),
            };
        }

        return document as JsonObject ?? throw KubeApiException.BadRequest("json patch must leave an object");
    }

    private static JsonNode? Value(JsonObject op) =>
        op.TryGetPropertyValue("value", out JsonNode? value) ? value?.DeepClone() : throw KubeApiException.BadRequest("json patch operation needs \"value\"");

    private static JsonNode Move(JsonNode document, string? from, string path)
    {
        document = Remove(document, from ?? string.Empty, out JsonNode? moved);
        return Add(document, path, moved);
    }

    private static JsonNode Test(JsonNode document, string path, JsonNode? expected) =>
        JsonNode.DeepEquals(Get(document, path), expected) ? document : throw Failed($"testing value {path} failed");

    private static JsonNode Add(JsonNode document, string path, JsonNode? value)
    {
        if (path.Length == 0)
        {
            return value ?? throw Failed("cannot replace the document with null");
        }

        (JsonNode parent, string last) = Parent(document, path);
        switch (parent)
        {
            case JsonObject map:
                map[last] = value;
                break;
            case JsonArray list:
                int index = last == "-" ? list.Count : Index(last, list.Count + 1);
                list.Insert(index, value);
                break;
            default:
                throw Failed($"add operation does not apply: doc is missing path: \"{path}\"");
        }

        return document;
    }

    private static JsonNode Remove(JsonNode document, string path, out JsonNode? removed)
    {
        (JsonNode parent, string last) = Parent(document, path);
        switch (parent)
        {
            case JsonObject map when map.TryGetPropertyValue(last, out removed):
                map.Remove(last);
                break;
            case JsonArray list:
                int index = Index(last, list.Count);
                removed = list[index];
                list.RemoveAt(index);
                break;
            default:
                throw Failed($"remove operation does not apply: doc is missing path: \"{path}\"");
        }

        return document;
    }

    private static JsonNode Get(JsonNode document, string path)
    {
        if (path.Length == 0)
        {
            return document;
        }

        (JsonNode parent, string last) = Parent(document, path);
        JsonNode? found = parent switch
        {
            JsonObject map => map[last],
            JsonArray list => list[Index(last, list.Count)],
            _ => null,
        };
        return found ?? throw Failed($"doc is missing path: \"{path}\"");
    }

    private static (JsonNode Parent, string Last) Parent(JsonNode document, string path)
    {
        if (!path.StartsWith('/'))
        {
            throw KubeApiException.BadRequest($"invalid json pointer \"{path}\"");
        }

        string[] parts = path[1..].Split('/');
        JsonNode? node = document;
        for (int i = 0; i < parts.Length - 1; i++)
        {
            string part = Unescape(parts[i]);
            node = node switch
            {
                JsonObject map => map[part],
                JsonArray list => list[Index(part, list.Count)],
                _ => null,
            };
            if (node is null)
            {
                throw Failed($"doc is missing path: \"{path}\"");
            }
        }

        return (node!, Unescape(parts[^1]));
    }

    private static int Index(string text, int count) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int index) && index < count
            ? index
            : throw Failed($"index {text} is out of bounds");

    private static string Unescape(string part) => part.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);

    private static KubeApiException Failed(string message) => new(422, "Invalid", message);
}
