// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Threading;
using System.Threading.Tasks;
using Vault.Kubernetes.Http;

namespace Vault.Kubernetes.Authentication;

/// <summary>Obtains a Vault token: one login with one auth method, as used by <see cref="VaultSession"/>.</summary>
/// <remarks>
/// Implementations must fetch fresh credentials on every call (for example re-read the service-account token)
/// and must not retry; the session owns retries, backoff and renewal.
/// </remarks>
public interface IVaultAuthMethod
{
    /// <summary>Gets the path the auth method is mounted at, without <c>auth/</c> (for example <c>kubernetes</c>), for logs, metrics and errors.</summary>
    string MountPath { get; }

    /// <summary>Gets the role logged in as, or <see langword="null"/> when the method has no roles.</summary>
    string? Role { get; }

    /// <summary>Logs in once and returns the token with its lease.</summary>
    /// <param name="client">The client to send the login with; logins are unauthenticated requests.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The <c>auth</c> block of the login: the token, its TTL and whether it is renewable.</returns>
    Task<VaultAuthInfo> LoginAsync(VaultClient client, CancellationToken cancellationToken = default);
}
