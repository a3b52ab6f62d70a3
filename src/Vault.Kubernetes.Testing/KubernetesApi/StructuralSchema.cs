// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Vault.Kubernetes.Testing.KubernetesApi;

/// <summary>
/// The part of a CRD's <c>openAPIV3Schema</c> the dev server enforces: pruning of undeclared fields (unless
/// <c>x-kubernetes-preserve-unknown-fields</c> or <c>additionalProperties</c> allow them), <c>default</c> (applied to absent
/// fields of present objects), <c>required</c>, <c>type</c>, <c>enum</c> and numeric <c>minimum</c>/<c>maximum</c>.
/// </summary>
internal static class StructuralSchema
{
    /// <summary>Removes fields the schema does not declare, as the API server prunes structural custom resources.</summary>
    /// <returns>The removed fields' paths (<c>spec.foo</c>).</returns>
    public static IReadOnlyList<string> Prune(JsonObject obj, JsonObject? schema)
    {
        var pruned = new List<string>();
        if (schema is not null)
        {
            PruneMap(obj, schema, string.Empty, pruned, isRoot: true);
        }

        return pruned;
    }

    /// <summary>Fills defaults into <paramref name="obj"/> in place (metadata, apiVersion and kind are the server's).</summary>
    public static void ApplyDefaults(JsonObject obj, JsonObject? schema)
    {
        if (schema is null)
        {
            return;
        }

        foreach ((string name, JsonObject property) in Properties(schema))
        {
            if (name is "metadata" or "apiVersion" or "kind")
            {
                continue;
            }

            Default(obj, name, property);
        }
    }

    /// <summary>Returns the field errors of <paramref name="obj"/> against <paramref name="schema"/> (empty when valid).</summary>
    public static IReadOnlyList<FieldError> Validate(JsonObject obj, JsonObject? schema)
    {
        var errors = new List<FieldError>();
        if (schema is not null)
        {
            var root = (JsonObject)schema.DeepClone();
            if (root["properties"] is JsonObject properties)
            {
                // The server owns these; their schema is fixed by Kubernetes, not by the CRD.
                properties.Remove("metadata");
                properties.Remove("apiVersion");
                properties.Remove("kind");
            }

            if (root["required"] is JsonArray required)
            {
                foreach (JsonNode? item in required.Where(r => (string?)r is "metadata" or "apiVersion" or "kind").ToList())
                {
                    required.Remove(item);
                }
            }

            Check(obj, root, string.Empty, errors);
        }

        return errors;
    }

    private static void PruneNode(JsonNode? node, JsonObject schema, string path, List<string> pruned)
    {
        switch (node)
        {
            case JsonObject map:
                PruneMap(map, schema, path, pruned, isRoot: false);
                break;
            case JsonArray list when schema["items"] is JsonObject items:
                for (int i = 0; i < list.Count; i++)
                {
                    PruneNode(list[i], items, $"{path}[{i}]", pruned);
                }

                break;
        }
    }

    private static void PruneMap(JsonObject map, JsonObject schema, string path, List<string> pruned, bool isRoot)
    {
        JsonObject? properties = schema["properties"] as JsonObject;
        JsonNode? additional = schema["additionalProperties"];
        bool preserve = schema["x-kubernetes-preserve-unknown-fields"] is JsonValue flag && flag.TryGetValue(out bool on) && on;
        foreach (string key in map.Select(p => p.Key).ToList())
        {
            if (isRoot && key is "apiVersion" or "kind" or "metadata")
            {
                continue;
            }

            if (properties?[key] is JsonObject declared)
            {
                PruneNode(map[key], declared, Join(path, key), pruned);
            }
            else if (additional is JsonObject valueSchema)
            {
                PruneNode(map[key], valueSchema, Join(path, key), pruned);
            }
            else if (!preserve && !(additional is JsonValue allowed && allowed.TryGetValue(out bool any) && any))
            {
                map.Remove(key);
                pruned.Add(Join(path, key));
            }
        }
    }

    private static IEnumerable<(string Name, JsonObject Schema)> Properties(JsonObject schema) =>
        (schema["properties"] as JsonObject ?? []).Where(p => p.Value is JsonObject).Select(p => (p.Key, (JsonObject)p.Value!));

    private static void Default(JsonObject parent, string name, JsonObject schema)
    {
        if (parent[name] is null && schema["default"] is { } value)
        {
            parent[name] = value.DeepClone();
        }

        switch (parent[name])
        {
            case JsonObject child:
                foreach ((string childName, JsonObject childSchema) in Properties(schema))
                {
                    Default(child, childName, childSchema);
                }

                break;
            case JsonArray list when schema["items"] is JsonObject itemSchema:
                foreach (JsonObject item in list.OfType<JsonObject>())
                {
                    foreach ((string childName, JsonObject childSchema) in Properties(itemSchema))
                    {
                        Default(item, childName, childSchema);
                    }
                }

                break;
        }
    }

    private static void Check(JsonNode? value, JsonObject schema, string path, List<FieldError> errors)
    {
        if (value is null)
        {
            if (schema["nullable"]?.GetValue<bool>() != true && schema["type"] is not null && path.Length > 0)
            {
                errors.Add(new FieldError("FieldValueTypeInvalid", path, $"Invalid value: \"null\": {path} in body must be of type {schema["type"]}: \"null\""));
            }

            return;
        }

        string? type = (string?)schema["type"];
        if (type is not null && !HasType(value, type))
        {
            errors.Add(new FieldError("FieldValueTypeInvalid", path, $"Invalid value: \"{KindOf(value)}\": {path} in body must be of type {type}: \"{KindOf(value)}\""));
            return;
        }

        if (schema["enum"] is JsonArray allowed && !allowed.Any(a => JsonNode.DeepEquals(a, value)))
        {
            string list = string.Join(", ", allowed.Select(a => a?.ToJsonString()));
            errors.Add(new FieldError("FieldValueNotSupported", path, $"Unsupported value: {value.ToJsonString()}: supported values: {list}"));
        }

        if (value is JsonValue number && number.GetValueKind() == JsonValueKind.Number)
        {
            double actual = JsonNumbers.Double(number) ?? 0;
            if (schema["minimum"] is JsonValue min && actual < (JsonNumbers.Double(min) ?? double.MinValue))
            {
                errors.Add(FieldError.InvalidValue(path, $"{actual}: {path} in body should be greater than or equal to {min}"));
            }

            if (schema["maximum"] is JsonValue max && actual > (JsonNumbers.Double(max) ?? double.MaxValue))
            {
                errors.Add(FieldError.InvalidValue(path, $"{actual}: {path} in body should be less than or equal to {max}"));
            }
        }

        switch (value)
        {
            case JsonObject map:
                foreach (string required in (schema["required"] as JsonArray ?? []).Select(r => (string?)r).OfType<string>())
                {
                    if (!map.ContainsKey(required))
                    {
                        errors.Add(FieldError.Required(Join(path, required)));
                    }
                }

                foreach ((string name, JsonObject property) in Properties(schema))
                {
                    if (map.TryGetPropertyValue(name, out JsonNode? child))
                    {
                        Check(child, property, Join(path, name), errors);
                    }
                }

                if (schema["additionalProperties"] is JsonObject additional)
                {
                    var known = Properties(schema).Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
                    foreach (KeyValuePair<string, JsonNode?> pair in map.Where(p => !known.Contains(p.Key)))
                    {
                        Check(pair.Value, additional, Join(path, pair.Key), errors);
                    }
                }

                break;
            case JsonArray list when schema["items"] is JsonObject items:
                for (int i = 0; i < list.Count; i++)
                {
                    Check(list[i], items, $"{path}[{i}]", errors);
                }

                break;
        }
    }

    private static string Join(string path, string name) => path.Length == 0 ? name : path + "." + name;

    private static bool HasType(JsonNode value, string type)
    {
        JsonValueKind kind = value.GetValueKind();
        return type switch
        {
            "object" => kind == JsonValueKind.Object,
            "array" => kind == JsonValueKind.Array,
            "string" => kind == JsonValueKind.String,
            "boolean" => kind is JsonValueKind.True or JsonValueKind.False,
            "number" => kind == JsonValueKind.Number,
            "integer" => kind == JsonValueKind.Number && JsonNumbers.Double(value) is double d && Math.Floor(d) == d,
            _ => true,
        };
    }

    private static string KindOf(JsonNode value) => value.GetValueKind() switch
    {
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        _ => "boolean",
    };
}
