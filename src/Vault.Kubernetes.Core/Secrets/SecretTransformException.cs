// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;

namespace Vault.Kubernetes.Secrets;

/// <summary>Reports that a secret could not be transformed into a payload; the message names the spec and key, never a secret value.</summary>
public sealed class SecretTransformException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="SecretTransformException"/> class.</summary>
    public SecretTransformException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="SecretTransformException"/> class with a message.</summary>
    /// <param name="message">What went wrong and where; never a secret value.</param>
    public SecretTransformException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="SecretTransformException"/> class with a message and a cause.</summary>
    /// <param name="message">What went wrong and where; never a secret value.</param>
    /// <param name="innerException">The cause.</param>
    public SecretTransformException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
