// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Vault.Kubernetes.Testing.KubernetesApi;

/// <summary>A resource request after routing: which resource, namespace, object and subresource, and the query.</summary>
internal sealed class ApiRequest
{
    public required HttpContext Http { get; init; }

    public required string Method { get; init; }

    public required ResourceType Type { get; init; }

    public string? Namespace { get; init; }

    public string? Name { get; init; }

    public string? Subresource { get; init; }

    public JsonNode? Body { get; set; }

    public string ContentType { get; set; } = string.Empty;

    public DateTimeOffset Now { get; init; }

    public string? Query(string name)
    {
        string? value = Http.Request.Query[name];
        return string.IsNullOrEmpty(value) ? null : value;
    }

    public bool Flag(string name) => Query(name) is "true" or "1";

    public bool DryRun => Query("dryRun") == "All";

    public WriteOptions Write => new(DryRun, Query("fieldValidation") == "Strict");
}
