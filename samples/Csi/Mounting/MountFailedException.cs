// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

namespace Vault.Kubernetes.Csi.Mounting;

/// <summary>Vault did not serve a required object (denied, not found, unreachable); the message names the path, never a value.</summary>
internal sealed class MountFailedException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="MountFailedException"/> class.</summary>
    /// <param name="message">The reason, naming the path.</param>
    public MountFailedException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="MountFailedException"/> class.</summary>
    public MountFailedException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="MountFailedException"/> class.</summary>
    /// <param name="message">The reason.</param>
    /// <param name="innerException">The cause.</param>
    public MountFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
