// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Collections.Concurrent;
using Vault.Kubernetes.Authentication;

namespace Vault.Kubernetes.Csi.Mounting;

/// <summary>
/// The newest pod token per identity. The session cache keeps the token source of the first identity it saw for a key, so
/// each identity reads its JWT through a slot that every Mount refreshes: a rotated token (kubelet re-publishes with a new
/// one) is what the next login uses.
/// </summary>
internal sealed class PodTokenSlots
{
    private readonly ConcurrentDictionary<string, Slot> _slots = new(StringComparer.Ordinal);

    /// <summary>Stores the newest token for an identity key and returns the token source that reads it.</summary>
    /// <param name="key">The identity key (connection, role, service account).</param>
    /// <param name="jwt">The token sent with this Mount.</param>
    /// <returns>The token source of the identity.</returns>
    public IServiceAccountTokenSource Update(string key, string jwt)
    {
        Slot slot = _slots.GetOrAdd(key, static _ => new Slot());
        Volatile.Write(ref slot.Jwt, jwt);
        return slot.Source;
    }

    private sealed class Slot
    {
        public string Jwt = string.Empty;

        public Slot() => Source = new DelegateServiceAccountTokenSource(_ => ValueTask.FromResult(Volatile.Read(ref Jwt)));

        public IServiceAccountTokenSource Source { get; }
    }
}
