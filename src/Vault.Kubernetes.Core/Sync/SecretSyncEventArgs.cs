// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;

namespace Vault.Kubernetes.Sync;

/// <summary>Describes an event raised by a <see cref="SecretSyncEngine"/>; it never carries secret values.</summary>
public sealed class SecretSyncEventArgs : EventArgs
{
    /// <summary>Initializes a new instance of the <see cref="SecretSyncEventArgs"/> class.</summary>
    /// <param name="specName">The name of the spec.</param>
    /// <param name="kind">What happened.</param>
    /// <param name="timestamp">When it happened, on the engine's clock.</param>
    /// <param name="error">The failure, for <see cref="SecretSyncEventKind.Failed"/>.</param>
    public SecretSyncEventArgs(string specName, SecretSyncEventKind kind, DateTimeOffset timestamp, Exception? error = null)
    {
        SpecName = specName;
        Kind = kind;
        Timestamp = timestamp;
        Error = error;
    }

    /// <summary>Gets the name of the spec.</summary>
    public string SpecName { get; }

    /// <summary>Gets the name of the target the spec belongs to (for a spec added on its own, the spec's name).</summary>
    public string TargetName { get; init; } = string.Empty;

    /// <summary>Gets what happened.</summary>
    public SecretSyncEventKind Kind { get; }

    /// <summary>Gets when it happened, on the engine's clock.</summary>
    public DateTimeOffset Timestamp { get; }

    /// <summary>Gets the failure, for <see cref="SecretSyncEventKind.Failed"/>.</summary>
    public Exception? Error { get; }
}
