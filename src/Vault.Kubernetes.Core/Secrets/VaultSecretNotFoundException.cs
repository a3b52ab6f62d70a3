// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using Vault.Kubernetes.Http;

namespace Vault.Kubernetes.Secrets;

/// <summary>Reports that the secret a spec names does not exist, or its KV version 2 version was deleted or destroyed.</summary>
public sealed class VaultSecretNotFoundException : VaultException
{
    /// <summary>Initializes a new instance of the <see cref="VaultSecretNotFoundException"/> class.</summary>
    public VaultSecretNotFoundException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="VaultSecretNotFoundException"/> class with a message.</summary>
    /// <param name="message">The message.</param>
    public VaultSecretNotFoundException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="VaultSecretNotFoundException"/> class with a message and a cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public VaultSecretNotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="VaultSecretNotFoundException"/> class for a path.</summary>
    /// <param name="path">The Vault path.</param>
    /// <param name="status">What Vault said: NotFound, Deleted or Destroyed.</param>
    public VaultSecretNotFoundException(string path, string status)
        : base(404, path, [$"no secret exists at {path} ({status})"])
    {
        Status = status;
    }

    /// <summary>Gets what Vault said: NotFound, Deleted or Destroyed.</summary>
    public string Status { get; } = string.Empty;
}
