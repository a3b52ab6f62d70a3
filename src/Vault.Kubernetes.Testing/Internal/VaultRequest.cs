// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Vault.Kubernetes.Testing.Internal;

/// <summary>One parsed Vault API request, as the pipeline hands it to ACL checks and backends.</summary>
internal sealed class VaultRequest
{
    /// <summary>Gets the HTTP verb as received (GET, LIST, POST, PUT, DELETE, PATCH).</summary>
    public required string Method { get; init; }

    /// <summary>Gets the logical operation.</summary>
    public required VaultOperation Operation { get; init; }

    /// <summary>Gets the path after /v1/, without a leading slash; list operations always end with '/'.</summary>
    public required string Path { get; init; }

    /// <summary>Gets the query string values (first value per key).</summary>
    public required IReadOnlyDictionary<string, string> Query { get; init; }

    /// <summary>Gets the request data: the JSON body for writes, the query values (as strings) for reads, lists and deletes.</summary>
    public required JsonObject Data { get; init; }

    /// <summary>Gets the token sent in X-Vault-Token or Authorization: Bearer, if any.</summary>
    public string? ClientToken { get; init; }

    /// <summary>Gets or sets the validated token entry (null on unauthenticated paths).</summary>
    public TokenEntry? Token { get; set; }

    /// <summary>Gets or sets the capabilities the token's policies grant on <see cref="Path"/>.</summary>
    public Capabilities Capabilities { get; set; }

    /// <summary>Gets the request id echoed in the envelope.</summary>
    public required string RequestId { get; init; }

    /// <summary>Gets the server clock's time when the request arrived.</summary>
    public required DateTimeOffset Now { get; init; }

    /// <summary>Gets the requested response-wrapping TTL (X-Vault-Wrap-TTL), if any.</summary>
    public TimeSpan? WrapTtl { get; init; }

    /// <summary>Gets the underlying HTTP context (headers, connection).</summary>
    public required HttpContext HttpContext { get; init; }

    /// <summary>Gets or sets the mount that serves the request (set by routing).</summary>
    public MountEntry? Mount { get; set; }

    /// <summary>Gets or sets the path relative to <see cref="Mount"/> (no leading slash).</summary>
    public string RelativePath { get; set; } = string.Empty;

    /// <summary>Gets a string field from <see cref="Data"/>, or null when absent.</summary>
    public string? GetString(string name) => Data[name] switch
    {
        null => null,
        JsonValue value when value.TryGetValue(out string? text) => text,
        JsonNode node => node.ToJsonString(),
    };
}
