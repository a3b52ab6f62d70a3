// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;

namespace Vault.Kubernetes.Testing.KubernetesApi;

/// <summary>A parsed <c>fieldSelector</c> (<c>=</c>, <c>==</c>, <c>!=</c>) over the fields each resource supports.</summary>
internal sealed class FieldSelector
{
    private static readonly Dictionary<string, string[]> s_extraFields = new(StringComparer.Ordinal)
    {
        ["/events"] = ["involvedObject.kind", "involvedObject.namespace", "involvedObject.name", "involvedObject.uid", "involvedObject.apiVersion", "involvedObject.resourceVersion", "involvedObject.fieldPath", "reason", "reportingComponent", "source", "type"],
        ["/pods"] = ["spec.nodeName", "spec.serviceAccountName", "status.phase", "status.podIP"],
        ["/secrets"] = ["type"],
    };

    private readonly List<(string Path, string Value, bool Equal)> _terms;

    private FieldSelector(List<(string Path, string Value, bool Equal)> terms)
    {
        _terms = terms;
    }

    /// <exception cref="KubeApiException">400 for a malformed term or a field the resource does not support.</exception>
    public static FieldSelector Parse(string? text, ResourceType type)
    {
        var terms = new List<(string, string, bool)>();
        foreach (string raw in (text ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            int notEquals = raw.IndexOf("!=", StringComparison.Ordinal);
            int equals = raw.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0 && notEquals <= 0)
            {
                throw KubeApiException.BadRequest($"invalid selector: '{raw}'; can't understand '{raw}'");
            }

            (string field, string value, bool equal) = notEquals > 0
                ? (raw[..notEquals], raw[(notEquals + 2)..], false)
                : (raw[..equals], raw[(equals + (raw.AsSpan(equals).StartsWith("==") ? 2 : 1))..], true);
            field = field.Trim();
            bool known = field is "metadata.name" or "metadata.namespace"
                || (s_extraFields.TryGetValue(type.Key, out string[]? extra) && extra.Contains(field, StringComparer.Ordinal));
            if (!known)
            {
                throw KubeApiException.BadRequest($"field label not supported: {field}");
            }

            terms.Add((field, value.Trim(), equal));
        }

        return new FieldSelector(terms);
    }

    public bool Matches(JsonObject obj)
    {
        foreach ((string path, string value, bool equal) in _terms)
        {
            JsonNode? node = obj;
            foreach (string part in path.Split('.'))
            {
                node = node is JsonObject map ? map[part] : null;
            }

            string actual = node is null ? string.Empty : node is JsonValue v && v.TryGetValue(out string? s) ? s : node.ToJsonString();
            if ((actual == value) != equal)
            {
                return false;
            }
        }

        return true;
    }
}
