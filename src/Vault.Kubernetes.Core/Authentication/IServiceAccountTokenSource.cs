// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Threading;
using System.Threading.Tasks;

namespace Vault.Kubernetes.Authentication;

/// <summary>Supplies the Kubernetes service-account JWT that a Vault Kubernetes login presents.</summary>
/// <remarks>
/// Implementations return the current token on every call and do not cache it across logins:
/// kubelet rotates projected tokens, and Vault rejects an expired one.
/// </remarks>
public interface IServiceAccountTokenSource
{
    /// <summary>Returns the current service-account token.</summary>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The token with its parsed (unvalidated) claims.</returns>
    ValueTask<ServiceAccountToken> GetTokenAsync(CancellationToken cancellationToken = default);
}
