// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Net.Http;

namespace Vault.Kubernetes.Http;

/// <summary>Where the token of a request comes from.</summary>
internal enum TokenSource
{
    /// <summary>No token (logins, health).</summary>
    None,

    /// <summary>The token passed with the request (token self-operations, unwrap).</summary>
    Explicit,

    /// <summary>The client's <see cref="IVaultTokenProvider"/>.</summary>
    Provider,
}

/// <summary>What a 404 means for an operation.</summary>
internal enum NotFoundHandling
{
    /// <summary>Any 404 is an error.</summary>
    Throw,

    /// <summary>A 404 <c>{"errors":[]}</c> means "nothing there" and yields <see langword="null"/>.</summary>
    ReturnNull,

    /// <summary>As <see cref="ReturnNull"/>, and a 404 carrying an envelope (KV v2 deleted version) is returned as a response.</summary>
    ReturnEnvelope,
}

/// <summary>One logical Vault request: operation name (for telemetry), verb, path, query and JSON body.</summary>
/// <remarks>
/// The path may be given in three parts (<paramref name="Head"/>, <paramref name="Middle"/>, <paramref name="Tail"/>,
/// for example <c>secret</c>, <c>/data/</c>, <c>app</c>) so that the request URI is built with one allocation; the
/// joined <see cref="Path"/> is only computed for logs, traces and errors.
/// </remarks>
internal readonly record struct VaultRequest(
    string Operation,
    HttpMethod Method,
    string Head,
    string? Query = null,
    byte[]? Body = null,
    TokenSource TokenSource = TokenSource.Provider,
    SecretString? Token = null,
    bool RetryOnStatus = true,
    string? Middle = null,
    string? Tail = null,
    TimeSpan? WrapTtl = null)
{
    public string ActivityName => "VaultClient." + Operation;

    /// <summary>Gets the Vault path without <c>/v1/</c> and without the query string.</summary>
    public string Path => Middle is null ? Head : string.Concat(Head, Middle, Tail);

    public string BuildUri(string apiBase)
    {
        string uri = Middle is null ? string.Concat(apiBase, Head) : string.Concat(apiBase, Head, Middle, Tail);
        return Query is null ? uri : string.Concat(uri, Query);
    }
}
