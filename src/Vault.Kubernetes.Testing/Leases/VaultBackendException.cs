// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;

namespace Vault.Kubernetes.Testing.Leases;

/// <summary>A request failure with the HTTP status and the exact <c>errors[]</c> text Vault returns for it.</summary>
/// <remarks>Messages never contain secret values: they are the fixed texts documented for Vault.</remarks>
internal sealed class VaultBackendException : Exception
{
    public VaultBackendException(int statusCode, string message)
        : base(message)
    {
        StatusCode = statusCode;
    }

    public VaultBackendException()
        : this(500, "internal error")
    {
    }

    public VaultBackendException(string message)
        : this(400, message)
    {
    }

    public VaultBackendException(string message, Exception innerException)
        : base(message, innerException)
    {
        StatusCode = 400;
    }

    /// <summary>Gets the HTTP status code of the error response.</summary>
    public int StatusCode { get; }

    /// <summary>Creates a 400 error (Vault's default for backend error responses).</summary>
    public static VaultBackendException BadRequest(string message) => new(400, message);

    /// <summary>Creates a 403 error.</summary>
    public static VaultBackendException Forbidden(string message) => new(403, message);
}
