// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;

namespace Vault.Kubernetes.Testing;

/// <summary>One request the dev server received; bodies, query strings and tokens are never recorded.</summary>
/// <param name="Method">The HTTP verb (GET, LIST, POST, PUT, DELETE, PATCH, HEAD).</param>
/// <param name="Path">The API path after <c>/v1/</c>, without the query string.</param>
/// <param name="StatusCode">The status sent, or 0 when the connection was dropped by fault injection.</param>
/// <param name="Time">The server clock's time when the request arrived.</param>
public sealed record VaultRequestLogEntry(string Method, string Path, int StatusCode, DateTimeOffset Time);
