// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Threading;
using System.Threading.Tasks;

namespace Vault.Kubernetes.Http;

/// <summary>Supplies the Vault token that <see cref="Http.VaultClient"/> sends with authenticated requests.</summary>
/// <remarks>
/// A session implementation logs in lazily, renews its token and shares it across every request of one identity.
/// The client calls <see cref="GetTokenAsync"/> once per request (so it must be cheap when a token is cached), and
/// <see cref="OnTokenRejectedAsync"/> when Vault answered 403 with <c>invalid token</c>; the client then retries the
/// request once with the token returned by the next <see cref="GetTokenAsync"/> call.
/// </remarks>
public interface IVaultTokenProvider
{
    /// <summary>Returns the token to send, logging in first when no valid token is held.</summary>
    /// <param name="cancellationToken">The token to cancel the operation.</param>
    /// <returns>The Vault token.</returns>
    ValueTask<SecretString> GetTokenAsync(CancellationToken cancellationToken = default);

    /// <summary>Tells the provider that Vault rejected <paramref name="rejectedToken"/> as invalid (revoked, expired or unknown).</summary>
    /// <param name="rejectedToken">The token Vault rejected; the provider discards it if it is still the current one.</param>
    /// <param name="cancellationToken">The token to cancel the operation.</param>
    /// <returns>A task that completes when the token has been discarded.</returns>
    ValueTask OnTokenRejectedAsync(SecretString rejectedToken, CancellationToken cancellationToken = default);
}
