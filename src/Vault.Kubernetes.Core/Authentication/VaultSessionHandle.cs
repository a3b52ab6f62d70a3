// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Threading;
using Vault.Kubernetes.Http;

namespace Vault.Kubernetes.Authentication;

/// <summary>A hold on a cached <see cref="VaultSession"/>: the session stays open while any handle on it is undisposed.</summary>
/// <remarks>Dispose the handle when the work that needs the identity ends (a target removed, a mount torn down); the cache closes the session
/// after its idle timeout once no handle holds it.</remarks>
public sealed class VaultSessionHandle : IDisposable
{
    private Action<VaultSessionHandle>? _release;

    internal VaultSessionHandle(VaultIdentity identity, VaultSession session, Action<VaultSessionHandle> release)
    {
        Identity = identity;
        Session = session;
        _release = release;
    }

    /// <summary>Gets the identity the session logs in as.</summary>
    public VaultIdentity Identity { get; }

    /// <summary>Gets the shared session of the identity.</summary>
    public VaultSession Session { get; }

    /// <summary>Gets a client authenticated by the session.</summary>
    public VaultClient Client => Session.Client;

    /// <summary>Releases the hold; the second and later calls do nothing.</summary>
    public void Dispose() => Interlocked.Exchange(ref _release, null)?.Invoke(this);

    /// <inheritdoc/>
    public override string ToString() => $"session of {Identity}";
}
