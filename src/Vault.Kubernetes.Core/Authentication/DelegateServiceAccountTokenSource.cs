// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace Vault.Kubernetes.Authentication;

/// <summary>Obtains the service-account JWT from a callback, for example a Kubernetes TokenRequest made by the host.</summary>
/// <remarks>The callback runs on every login; it should return a fresh (or freshly cached) token each time.</remarks>
public sealed class DelegateServiceAccountTokenSource : IServiceAccountTokenSource
{
    private readonly Func<CancellationToken, ValueTask<string>> _getToken;

    /// <summary>Initializes a new instance of the <see cref="DelegateServiceAccountTokenSource"/> class.</summary>
    /// <param name="getToken">Returns the encoded service-account JWT.</param>
    /// <exception cref="ArgumentNullException"><paramref name="getToken"/> is <see langword="null"/>.</exception>
    public DelegateServiceAccountTokenSource(Func<CancellationToken, ValueTask<string>> getToken)
    {
        ArgumentNullException.ThrowIfNull(getToken);
        _getToken = getToken;
    }

    /// <inheritdoc/>
    /// <exception cref="InvalidDataException">The callback returned an empty value or something that is not a JWT.</exception>
    public async ValueTask<ServiceAccountToken> GetTokenAsync(CancellationToken cancellationToken = default)
    {
        string? jwt = await _getToken(cancellationToken).ConfigureAwait(false);
        if (string.IsNullOrWhiteSpace(jwt))
        {
            throw new InvalidDataException("The service-account token callback returned an empty token.");
        }

        try
        {
            return ServiceAccountToken.Parse(jwt);
        }
        catch (FormatException ex)
        {
            throw new InvalidDataException($"The service-account token callback did not return a JWT: {ex.Message}", ex);
        }
    }

    /// <summary>Names the source in messages, without the token.</summary>
    /// <returns><c>the token callback given in code</c>.</returns>
    public override string ToString() => "the token callback given in code";
}
