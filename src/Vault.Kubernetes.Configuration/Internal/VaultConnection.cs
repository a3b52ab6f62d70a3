// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Threading.Tasks;
using Vault.Kubernetes.Authentication;
using Vault.Kubernetes.Sync;

namespace Vault.Kubernetes.Configuration.Internal;

/// <summary>What the provider needs from Vault for its lifetime: the secret operations, and whatever owns the login (disposed last).</summary>
internal sealed class VaultConnection : IAsyncDisposable
{
    private readonly Func<ValueTask>? _dispose;

    public VaultConnection(IVaultSecretSource source, Func<ValueTask>? dispose = null, Func<VaultIdentityState>? identity = null, VaultSession? session = null)
    {
        Source = source;
        Session = session;
        _dispose = dispose;
        Identity = identity;
    }

    public IVaultSecretSource Source { get; }

    /// <summary>Gets the session, when the connection logs in; leased secrets follow its token.</summary>
    public VaultSession? Session { get; }

    /// <summary>Gets the login state for health checks, when the connection has a session.</summary>
    public Func<VaultIdentityState>? Identity { get; }

    public ValueTask DisposeAsync() => _dispose?.Invoke() ?? ValueTask.CompletedTask;
}
