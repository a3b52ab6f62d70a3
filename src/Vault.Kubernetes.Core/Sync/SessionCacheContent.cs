// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Collections.Generic;
using Vault.Kubernetes.Http;
using Vault.Kubernetes.Secrets;

namespace Vault.Kubernetes.Sync;

/// <summary>What <see cref="PersistentSessionCache.LoadAsync"/> restores: resume the token with <see cref="Authentication.VaultIdentity.ResumingToken(Http.SecretString)"/> and the secrets with <see cref="RestoredSecretSource"/>.</summary>
/// <param name="Token">The Vault token.</param>
/// <param name="Secrets">The leased snapshots, keyed by spec name.</param>
public sealed record SessionCacheContent(SecretString Token, IReadOnlyDictionary<string, SecretSnapshot> Secrets)
{
    /// <summary>Returns a description without the token or any secret value.</summary>
    /// <returns>The number of secrets.</returns>
    public override string ToString() => $"SessionCacheContent {{ Token = {SecretString.Placeholder}, Secrets = {Secrets.Count} }}";
}
