// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Globalization;

namespace Vault.Kubernetes.Http;

/// <summary>The <c>wrap_info</c> block of a response-wrapped answer: the single-use wrapping token and its properties.</summary>
/// <remarks><see cref="ToString"/> never prints the token.</remarks>
public sealed class VaultWrapInfo
{
    internal VaultWrapInfo(SecretString token)
    {
        Token = token;
    }

    /// <summary>Gets the wrapping token to pass to <see cref="VaultClient.UnwrapAsync"/>.</summary>
    public SecretString Token { get; }

    /// <summary>Gets the accessor of the wrapping token.</summary>
    public string Accessor { get; internal init; } = string.Empty;

    /// <summary>Gets how long the wrapping token lives.</summary>
    public TimeSpan Ttl { get; internal init; }

    /// <summary>Gets when the wrapping token was created, when Vault reported it.</summary>
    public DateTimeOffset? CreationTime { get; internal init; }

    /// <summary>Gets the path whose answer was wrapped.</summary>
    public string CreationPath { get; internal init; } = string.Empty;

    /// <summary>Gets the accessor of the wrapped token, when the wrapped answer is a token.</summary>
    public string? WrappedAccessor { get; internal init; }

    /// <summary>Returns a description without the token.</summary>
    /// <returns>The creation path and TTL.</returns>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"VaultWrapInfo {{ Token = {SecretString.Placeholder}, CreationPath = {CreationPath}, Ttl = {Ttl} }}");
}
