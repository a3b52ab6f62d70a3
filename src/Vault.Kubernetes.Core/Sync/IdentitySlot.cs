// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using Vault.Kubernetes.Authentication;
using Vault.Kubernetes.Secrets;

namespace Vault.Kubernetes.Sync;

/// <summary>One identity's source within an engine: the session hold from the cache (when the engine has one), the secret operations over it, and how many targets use it.</summary>
internal sealed class IdentitySlot
{
    public IdentitySlot(string key, IVaultSecretSource source, VaultSessionHandle? handle, string? description)
    {
        Key = key;
        Source = source;
        Handle = handle;
        Description = description;
    }

    /// <summary>Gets the identity's key, or the empty string for the engine's own source.</summary>
    public string Key { get; }

    public IVaultSecretSource Source { get; }

    public VaultSessionHandle? Handle { get; }

    /// <summary>Gets the identity described without credentials, or <see langword="null"/> for the engine's own source.</summary>
    public string? Description { get; }

    /// <summary>Gets or sets how many targets use the slot; guarded by the engine's target lock.</summary>
    public int Targets { get; set; }

    /// <summary>Gets or sets the subscription to the session's logins, which re-issues leases after a re-login.</summary>
    public IDisposable? LoginSubscription { get; set; }
}
