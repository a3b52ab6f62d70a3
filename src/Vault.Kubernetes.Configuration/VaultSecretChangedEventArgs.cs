// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using Vault.Kubernetes.Sync;

namespace Vault.Kubernetes.Configuration;

/// <summary>Describes a change to one Vault-backed part of configuration, for apps that rebuild connection pools when credentials rotate.</summary>
public sealed class VaultSecretChangedEventArgs : EventArgs
{
    /// <summary>Initializes a new instance of the <see cref="VaultSecretChangedEventArgs"/> class.</summary>
    /// <param name="path">The Vault path.</param>
    /// <param name="section">The configuration section the secret's keys live under (empty for the root).</param>
    /// <param name="kind">What happened.</param>
    /// <param name="timestamp">When it happened.</param>
    public VaultSecretChangedEventArgs(string path, string section, SecretSyncEventKind kind, DateTimeOffset timestamp)
    {
        Path = path;
        Section = section;
        Kind = kind;
        Timestamp = timestamp;
    }

    /// <summary>Gets the Vault path.</summary>
    public string Path { get; }

    /// <summary>Gets the configuration section the secret's keys live under (empty for the root).</summary>
    public string Section { get; }

    /// <summary>Gets what happened: <see cref="SecretSyncEventKind.Changed"/>, <see cref="SecretSyncEventKind.Rotated"/> (new credentials), <see cref="SecretSyncEventKind.Renewed"/> or <see cref="SecretSyncEventKind.Failed"/>.</summary>
    public SecretSyncEventKind Kind { get; }

    /// <summary>Gets when it happened.</summary>
    public DateTimeOffset Timestamp { get; }
}
