// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;

namespace Vault.Kubernetes.Testing.Internal;

/// <summary>Thrown by backends to answer with a status and one error text (default 400).</summary>
internal sealed class VaultRequestException(int statusCode, string message) : Exception(message)
{
    /// <summary>Initializes a new instance of the <see cref="VaultRequestException"/> class with status 400.</summary>
    public VaultRequestException(string message)
        : this(400, message)
    {
    }

    /// <summary>Gets the HTTP status code.</summary>
    public int StatusCode { get; } = statusCode;
}
