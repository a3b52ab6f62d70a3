// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;

namespace Vault.Kubernetes.Testing;

/// <summary>One request the Kubernetes dev server received; bodies and tokens are never recorded.</summary>
/// <param name="Method">The HTTP verb.</param>
/// <param name="Path">The URL path, for example <c>/api/v1/namespaces/default/secrets</c>.</param>
/// <param name="Query">The query string without the leading <c>?</c> (selectors, <c>watch</c>, <c>fieldManager</c>), or empty.</param>
/// <param name="StatusCode">The status sent, or 0 when fault injection dropped the connection.</param>
/// <param name="Time">The server clock's time when the request arrived.</param>
public sealed record KubernetesRequestLogEntry(string Method, string Path, string Query, int StatusCode, DateTimeOffset Time);
