// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

namespace Vault.Kubernetes.Csi.Mounting;

/// <summary>A Mount request the provider cannot serve as sent; the message names the parameter or object to fix and never holds a secret value.</summary>
internal sealed class MountInputException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="MountInputException"/> class.</summary>
    /// <param name="message">What to fix, naming the parameter or object.</param>
    public MountInputException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="MountInputException"/> class.</summary>
    public MountInputException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="MountInputException"/> class.</summary>
    /// <param name="message">What to fix.</param>
    /// <param name="innerException">The cause.</param>
    public MountInputException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
