// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using Vault.Kubernetes.Http;

namespace Vault.Kubernetes.Authentication;

/// <summary>Reports that a <see cref="VaultSession"/> could not log in, naming the auth mount and role.</summary>
/// <remarks>
/// <see cref="Exception.InnerException"/> holds the cause: the <see cref="VaultException"/> Vault answered with,
/// a network error, or the service-account token source's error. The message never contains a token or JWT.
/// </remarks>
public sealed class VaultAuthenticationException : VaultException
{
    /// <summary>Initializes a new instance of the <see cref="VaultAuthenticationException"/> class.</summary>
    public VaultAuthenticationException()
        : this("Vault login failed.")
    {
    }

    /// <summary>Initializes a new instance of the <see cref="VaultAuthenticationException"/> class with a message.</summary>
    /// <param name="message">The message; it must not contain secrets.</param>
    public VaultAuthenticationException(string message)
        : this(message, null)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="VaultAuthenticationException"/> class with a message and a cause.</summary>
    /// <param name="message">The message; it must not contain secrets.</param>
    /// <param name="innerException">The exception that caused this one.</param>
    public VaultAuthenticationException(string message, Exception? innerException)
        : base(message, innerException)
    {
        MountPath = string.Empty;
    }

    internal VaultAuthenticationException(string message, string mountPath, string? role, DateTimeOffset? nextAttemptAt, Exception? innerException)
        : base(message, innerException)
    {
        MountPath = mountPath;
        Role = role;
        NextAttemptAt = nextAttemptAt;
    }

    /// <summary>Gets the mount path of the auth method, without <c>auth/</c>.</summary>
    public string MountPath { get; }

    /// <summary>Gets the role the login was for, or <see langword="null"/> when the auth method has no roles.</summary>
    public string? Role { get; }

    /// <summary>Gets when the session will try to log in again, or <see langword="null"/> when unknown.</summary>
    public DateTimeOffset? NextAttemptAt { get; }
}
