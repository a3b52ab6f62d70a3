// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Globalization;
using System.Text.Json.Nodes;

namespace Vault.Kubernetes.Injector.Tests.TestSupport;

/// <summary>Applies the two RFC 6902 operations the injector emits (add, remove), strictly: a missing parent fails the test.</summary>
internal static class TestJsonPatch
{
    public static JsonObject Apply(JsonObject document, JsonArray patch)
    {
        var result = (JsonObject)document.DeepClone();
        foreach (JsonNode? node in patch)
        {
            var op = (JsonObject)node!;
            string path = (string)op["path"]!;
            int slash = path.LastIndexOf('/');
            JsonNode parent = Resolve(result, path[..slash]);
            string last = Unescape(path[(slash + 1)..]);
            switch ((string)op["op"]!)
            {
                case "add" when parent is JsonArray array:
                    JsonNode? value = op["value"]?.DeepClone();
                    if (last == "-")
                    {
                        array.Add(value);
                    }
                    else
                    {
                        array.Insert(int.Parse(last, CultureInfo.InvariantCulture), value);
                    }

                    break;
                case "add":
                    ((JsonObject)parent)[last] = op["value"]?.DeepClone();
                    break;
                case "remove" when parent is JsonObject obj:
                    Assert.True(obj.Remove(last), $"remove {path}: no such member");
                    break;
                default:
                    Assert.Fail($"unexpected operation {op.ToJsonString()}");
                    break;
            }
        }

        return result;
    }

    private static JsonNode Resolve(JsonNode root, string pointer)
    {
        JsonNode current = root;
        foreach (string raw in pointer.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            string segment = Unescape(raw);
            current = current is JsonArray array
                ? array[int.Parse(segment, CultureInfo.InvariantCulture)]!
                : ((JsonObject)current)[segment] ?? throw new InvalidOperationException($"path {pointer}: '{segment}' does not exist");
        }

        return current;
    }

    private static string Unescape(string segment) => segment.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
}
