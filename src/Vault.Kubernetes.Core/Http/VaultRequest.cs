// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Net.Http;
using Vault.Kubernetes.Secrets;

namespace Vault.Kubernetes.Http;

/// <summary>Where the token of a request comes from.</summary>
internal enum TokenSource
{
    /// <summary>No token (logins, health).</summary>
    None,

    /// <summary>The token passed with the request (token self-operations, unwrap).</summary>
    Explicit,

    /// <summary>The client's <see cref="Authentication.IVaultTokenProvider"/>.</summary>
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
internal readonly record struct VaultRequest(
    string Operation,
    HttpMethod Method,
    string Path,
    string? Query = null,
    byte[]? Body = null,
    TokenSource TokenSource = TokenSource.Provider,
    SecretString? Token = null,
    bool RetryOnStatus = true)
{
    public string ActivityName => "VaultClient." + Operation;
}
