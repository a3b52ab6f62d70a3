// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace Vault.Kubernetes.Http;

/// <summary>Generic logical operations on any path (dynamic secrets, PKI, custom engines).</summary>
public partial class VaultClient
{
    /// <summary>Reads any logical path: <c>GET &lt;path&gt;</c> (for example <c>database/creds/&lt;role&gt;</c> or <c>aws/creds/&lt;role&gt;</c>).</summary>
    /// <param name="path">The path, without <c>/v1/</c>.</param>
    /// <param name="cancellationToken">The token to cancel the operation.</param>
    /// <returns>The response; <see langword="null"/> when Vault answered 404 <c>{"errors":[]}</c>. A 404 carrying an envelope is returned with <see cref="VaultResponse.StatusCode"/> 404.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty.</exception>
    /// <exception cref="VaultException">Vault refused the request.</exception>
    public virtual Task<VaultResponse?> ReadAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return SendCoreAsync(new VaultRequest("Read", HttpMethod.Get, path.Trim('/')), NotFoundHandling.ReturnEnvelope, cancellationToken).AsTask();
    }

    /// <summary>Lists the keys under any logical path: <c>GET &lt;path&gt;?list=true</c>.</summary>
    /// <param name="path">The path, without <c>/v1/</c>.</param>
    /// <param name="cancellationToken">The token to cancel the operation.</param>
    /// <returns>The keys, empty when there are none.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty.</exception>
    /// <exception cref="VaultException">Vault refused the request.</exception>
    public virtual Task<IReadOnlyList<string>> ListAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return ListCoreAsync(new VaultRequest("List", HttpMethod.Get, path.Trim('/')), cancellationToken);
    }

    /// <summary>Writes to any logical path with string parameters: <c>POST &lt;path&gt;</c> (for example <c>pki/issue/&lt;role&gt;</c> with <c>common_name</c>).</summary>
    /// <param name="path">The path, without <c>/v1/</c>.</param>
    /// <param name="body">The parameters, or <see langword="null"/> for an empty body.</param>
    /// <param name="cancellationToken">The token to cancel the operation.</param>
    /// <returns>The response (an empty one with <see cref="VaultResponse.StatusCode"/> 204 when Vault returned nothing).</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty.</exception>
    /// <exception cref="VaultException">Vault refused the request.</exception>
    public virtual Task<VaultResponse> WriteAsync(string path, IReadOnlyDictionary<string, string>? body = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        byte[]? json = body is null ? null : Serialize(body, VaultJsonContext.Default.IReadOnlyDictionaryStringString);
        return SendRequiredAsync(new VaultRequest("Write", HttpMethod.Post, path.Trim('/'), Body: json), cancellationToken).AsTask();
    }

    /// <summary>Deletes at any logical path: <c>DELETE &lt;path&gt;</c>.</summary>
    /// <param name="path">The path, without <c>/v1/</c>.</param>
    /// <param name="cancellationToken">The token to cancel the operation.</param>
    /// <returns>A task that completes when Vault confirmed the delete.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty.</exception>
    /// <exception cref="VaultException">Vault refused the request.</exception>
    public virtual Task DeleteAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return SendRequiredAsync(new VaultRequest("Delete", HttpMethod.Delete, path.Trim('/')), cancellationToken).AsTask();
    }

    /// <summary>Sends any verb to any logical path with an optional JSON body.</summary>
    /// <param name="method">The HTTP method (GET, POST, PUT, DELETE).</param>
    /// <param name="path">The path, without <c>/v1/</c>; it may carry a query string.</param>
    /// <param name="body">The JSON body, or <see langword="null"/> for none.</param>
    /// <param name="cancellationToken">The token to cancel the operation.</param>
    /// <returns>The response; <see langword="null"/> when Vault answered 404 <c>{"errors":[]}</c>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="method"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty.</exception>
    /// <exception cref="VaultException">Vault refused the request.</exception>
    public virtual Task<VaultResponse?> SendAsync(HttpMethod method, string path, JsonElement? body = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentException.ThrowIfNullOrEmpty(path);
        int queryStart = path.IndexOf('?', StringComparison.Ordinal);
        string logicalPath = (queryStart < 0 ? path : path[..queryStart]).Trim('/');
        string? query = queryStart < 0 ? null : path[queryStart..];
        byte[]? json = body is { } element ? Serialize(element, VaultJsonContext.Default.JsonElement) : null;
        return SendCoreAsync(new VaultRequest("Send", method, logicalPath, Query: query, Body: json), NotFoundHandling.ReturnEnvelope, cancellationToken).AsTask();
    }

    /// <summary>Sends a list request (<c>?list=true</c>) and returns the keys, empty when there are none.</summary>
    internal async Task<IReadOnlyList<string>> ListCoreAsync(VaultRequest request, CancellationToken cancellationToken)
    {
        VaultResponse? response = await SendCoreAsync(request with { Query = "?list=true" }, NotFoundHandling.ReturnNull, cancellationToken).ConfigureAwait(false);
        return ToKeys(response);
    }

    private static IReadOnlyList<string> ToKeys(VaultResponse? response)
    {
        if (response?.Data is not { ValueKind: JsonValueKind.Object } data
            || !data.TryGetProperty("keys", out JsonElement keys)
            || keys.ValueKind != JsonValueKind.Array)
        {
            return [];
        }

        var result = new List<string>(keys.GetArrayLength());
        foreach (JsonElement key in keys.EnumerateArray())
        {
            if (key.ValueKind == JsonValueKind.String)
            {
                result.Add(key.GetString()!);
            }
        }

        return result;
    }
}
