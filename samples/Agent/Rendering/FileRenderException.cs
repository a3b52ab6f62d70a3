// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

namespace Vault.Kubernetes.Agent.Rendering;

/// <summary>Reports that a file could not be rendered; the message names the file and the secret, never a secret value.</summary>
public sealed class FileRenderException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="FileRenderException"/> class.</summary>
    public FileRenderException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="FileRenderException"/> class with a message.</summary>
    /// <param name="message">What went wrong and where.</param>
    public FileRenderException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="FileRenderException"/> class with a message and a cause.</summary>
    /// <param name="message">What went wrong and where.</param>
    /// <param name="innerException">The cause.</param>
    public FileRenderException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
