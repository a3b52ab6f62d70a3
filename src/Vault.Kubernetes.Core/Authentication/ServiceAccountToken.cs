// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Globalization;
using Vault.Kubernetes.Http;

namespace Vault.Kubernetes.Authentication;

/// <summary>A Kubernetes service-account JWT together with its claims, parsed but not validated.</summary>
/// <remarks>
/// The claims are read for diagnostics only (who am I, when does the token expire); the signature is not checked,
/// because Vault verifies the token with the Kubernetes TokenReview API. <see cref="ToString"/> never prints the JWT.
/// </remarks>
public sealed class ServiceAccountToken
{
    internal ServiceAccountToken(SecretString jwt, JwtClaims claims)
    {
        Jwt = jwt;
        Subject = claims.Subject;
        Issuer = claims.Issuer;
        Audiences = claims.Audiences;
        IssuedAt = claims.IssuedAt;
        ExpiresAt = claims.ExpiresAt;
        NotBefore = claims.NotBefore;
        Namespace = claims.Namespace;
        ServiceAccountName = claims.ServiceAccountName;
        PodName = claims.PodName;
    }

    /// <summary>Gets the encoded JWT, as sent to Vault.</summary>
    public SecretString Jwt { get; }

    /// <summary>Gets the <c>sub</c> claim, normally <c>system:serviceaccount:&lt;namespace&gt;:&lt;name&gt;</c>.</summary>
    public string? Subject { get; }

    /// <summary>Gets the <c>iss</c> claim.</summary>
    public string? Issuer { get; }

    /// <summary>Gets the <c>aud</c> claim as a list (a single string audience becomes a list of one).</summary>
    public IReadOnlyList<string> Audiences { get; }

    /// <summary>Gets the <c>iat</c> claim, or <see langword="null"/> when absent.</summary>
    public DateTimeOffset? IssuedAt { get; }

    /// <summary>Gets the <c>exp</c> claim, or <see langword="null"/> when absent (legacy secret-based tokens never expire).</summary>
    public DateTimeOffset? ExpiresAt { get; }

    /// <summary>Gets the <c>nbf</c> claim, or <see langword="null"/> when absent.</summary>
    public DateTimeOffset? NotBefore { get; }

    /// <summary>Gets the service account's namespace from the <c>kubernetes.io</c> claims, or <see langword="null"/> when absent.</summary>
    public string? Namespace { get; }

    /// <summary>Gets the service account's name from the <c>kubernetes.io</c> claims, or <see langword="null"/> when absent.</summary>
    public string? ServiceAccountName { get; }

    /// <summary>Gets the name of the pod the token is bound to, or <see langword="null"/> for tokens not bound to a pod.</summary>
    public string? PodName { get; }

    /// <summary>Parses an encoded service-account JWT without validating it.</summary>
    /// <param name="jwt">The encoded JWT (three base64url segments separated by dots); surrounding whitespace is ignored.</param>
    /// <returns>The token and its claims.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="jwt"/> is <see langword="null"/>.</exception>
    /// <exception cref="FormatException"><paramref name="jwt"/> is not a JWT; the message never contains the input.</exception>
    public static ServiceAccountToken Parse(string jwt)
    {
        ArgumentNullException.ThrowIfNull(jwt);
        string trimmed = jwt.Trim();
        return new ServiceAccountToken(new SecretString(trimmed), JwtClaimsReader.Read(trimmed));
    }

    /// <summary>Describes the token by subject and expiry, never by its value.</summary>
    /// <returns>A description such as <c>ServiceAccountToken(system:serviceaccount:shop:web, expires 2026-01-01T00:00:00.0000000+00:00)</c>.</returns>
    public override string ToString()
        => $"ServiceAccountToken({Subject ?? "no subject"}, expires {(ExpiresAt is { } expiresAt ? expiresAt.ToString("O", CultureInfo.InvariantCulture) : "never")})";
}
