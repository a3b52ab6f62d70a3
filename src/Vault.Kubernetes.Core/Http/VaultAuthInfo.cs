// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Globalization;

namespace Vault.Kubernetes.Http;

/// <summary>The <c>auth</c> block of a login or token response: the client token and its properties.</summary>
/// <remarks>Create instances in tests with <c>Vault.Kubernetes.Secrets.VaultModelFactory</c>. <see cref="ToString"/> never prints the token.</remarks>
public sealed class VaultAuthInfo
{
    internal static readonly IReadOnlyDictionary<string, string> s_noMetadata = new Dictionary<string, string>(0);

    internal VaultAuthInfo(SecretString clientToken)
    {
        ClientToken = clientToken;
    }

    /// <summary>Gets the Vault token.</summary>
    public SecretString ClientToken { get; }

    /// <summary>Gets the token accessor (empty for batch tokens).</summary>
    public string Accessor { get; internal init; } = string.Empty;

    /// <summary>Gets all policies attached to the token.</summary>
    public IReadOnlyList<string> Policies { get; internal init; } = VaultResponse.s_noStrings;

    /// <summary>Gets the policies that come from the token itself (as opposed to its identity).</summary>
    public IReadOnlyList<string> TokenPolicies { get; internal init; } = VaultResponse.s_noStrings;

    /// <summary>Gets the token metadata (for Kubernetes logins: role, service account name, namespace, UID, secret name).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; internal init; } = s_noMetadata;

    /// <summary>Gets the remaining time to live of the token.</summary>
    public TimeSpan LeaseDuration { get; internal init; }

    /// <summary>Gets a value indicating whether the token can be renewed.</summary>
    public bool Renewable { get; internal init; }

    /// <summary>Gets the identity entity ID of the token.</summary>
    public string EntityId { get; internal init; } = string.Empty;

    /// <summary>Gets the token type: <c>service</c> or <c>batch</c>.</summary>
    public string TokenType { get; internal init; } = string.Empty;

    /// <summary>Gets a value indicating whether the token has no parent (always true for Kubernetes logins).</summary>
    public bool Orphan { get; internal init; }

    /// <summary>Gets how many uses the token has (0 = unlimited).</summary>
    public int NumUses { get; internal init; }

    /// <summary>Returns a description without the token.</summary>
    /// <returns>The accessor, type, TTL, renewability and policies.</returns>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"VaultAuthInfo {{ ClientToken = {SecretString.Placeholder}, Accessor = {Accessor}, TokenType = {TokenType}, LeaseDuration = {LeaseDuration}, Renewable = {Renewable}, Policies = [{string.Join(", ", Policies)}] }}");
}
