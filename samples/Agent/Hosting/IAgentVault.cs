// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using Vault.Kubernetes.Authentication;
using Vault.Kubernetes.Http;
using Vault.Kubernetes.Secrets;
using Vault.Kubernetes.Sync;

namespace Vault.Kubernetes.Agent.Hosting;

/// <summary>What the agent needs from Vault: a login, the current token (for the token sink) and the secret operations of the sync engine.</summary>
internal interface IAgentVault
{
    /// <summary>Occurs when the session obtained a new token (login or re-login).</summary>
    event EventHandler? TokenChanged;

    /// <summary>Gets the secret operations, authenticated by the session.</summary>
    IVaultSecretSource Secrets { get; }

    /// <summary>Gets the session the secrets are read with, or <see langword="null"/> when there is none to follow (tests); the engine re-issues leases when it logs in again.</summary>
    VaultSession? Session { get; }

    /// <summary>Gets the current Vault token, or <see langword="null"/> before the first login.</summary>
    SecretString? CurrentToken { get; }

    /// <summary>Logs in now (init fails fast when this fails).</summary>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>A task that completes when the session holds a token.</returns>
    Task LoginAsync(CancellationToken cancellationToken = default);

    /// <summary>Leaves the token and the leased secrets to the next process in the persistent cache, when it is enabled; failures are logged, not thrown.</summary>
    /// <param name="secrets">The latest snapshot of every secret, keyed by spec name.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>A task that completes when the cache is written.</returns>
    Task SaveCacheAsync(IReadOnlyDictionary<string, SecretSnapshot> secrets, CancellationToken cancellationToken = default);

    /// <summary>Revokes the session's token (<c>agent-revoke-on-shutdown</c>); failures are logged, not thrown.</summary>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>A task that completes when the revocation ended.</returns>
    Task RevokeTokenAsync(CancellationToken cancellationToken = default);
}
