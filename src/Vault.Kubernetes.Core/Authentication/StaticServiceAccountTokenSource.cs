// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Threading;
using System.Threading.Tasks;

namespace Vault.Kubernetes.Authentication;

/// <summary>Supplies one fixed service-account JWT, for tests and for tokens obtained out of band.</summary>
/// <remarks>A fixed token stops working when it expires; prefer <see cref="ProjectedServiceAccountTokenSource"/> inside a pod.</remarks>
public sealed class StaticServiceAccountTokenSource : IServiceAccountTokenSource
{
    private readonly ServiceAccountToken _token;

    /// <summary>Initializes a new instance of the <see cref="StaticServiceAccountTokenSource"/> class.</summary>
    /// <param name="jwt">The encoded service-account JWT.</param>
    /// <exception cref="ArgumentNullException"><paramref name="jwt"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="jwt"/> is empty or is not a JWT.</exception>
    public StaticServiceAccountTokenSource(string jwt)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(jwt);
        try
        {
            _token = ServiceAccountToken.Parse(jwt);
        }
        catch (FormatException ex)
        {
            throw new ArgumentException($"The service-account token is not a JWT: {ex.Message}", nameof(jwt), ex);
        }
    }

    /// <summary>Gets the token this source returns.</summary>
    public ServiceAccountToken Token => _token;

    /// <inheritdoc/>
    public ValueTask<ServiceAccountToken> GetTokenAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(_token);
    }

    /// <summary>Names the source in messages, without the token.</summary>
    /// <returns><c>the fixed token given in code</c>.</returns>
    public override string ToString() => "the fixed token given in code";
}
