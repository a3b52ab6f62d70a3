// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;

namespace Vault.Kubernetes.Testing.Kubernetes;

/// <summary>What a successful Kubernetes login entitles the caller to: the token the token store must create.</summary>
internal sealed record KubernetesLoginGrant
{
    /// <summary>Gets the role the login used.</summary>
    public required string RoleName { get; init; }

    /// <summary>Gets the service account namespace.</summary>
    public required string Namespace { get; init; }

    /// <summary>Gets the service account name.</summary>
    public required string ServiceAccountName { get; init; }

    /// <summary>Gets the service account UID.</summary>
    public required string ServiceAccountUid { get; init; }

    /// <summary>Gets the token policies (the role's, plus "default" unless the role opts out).</summary>
    public required IReadOnlyList<string> Policies { get; init; }

    /// <summary>Gets <c>auth.metadata</c>: always the five keys role, service_account_name/namespace/secret_name/uid.</summary>
    public required IReadOnlyDictionary<string, string> Metadata { get; init; }

    /// <summary>Gets the entity alias name (the SA UID, or "namespace/name" with alias_name_source=serviceaccount_name).</summary>
    public required string AliasName { get; init; }

    /// <summary>Gets the token display name ("kubernetes-&lt;namespace&gt;-&lt;name&gt;").</summary>
    public required string DisplayName { get; init; }

    /// <summary>Gets the token TTL (zero: mount default).</summary>
    public TimeSpan Ttl { get; init; }

    /// <summary>Gets the token max TTL (zero: mount default).</summary>
    public TimeSpan MaxTtl { get; init; }

    /// <summary>Gets the token period (zero: not periodic).</summary>
    public TimeSpan Period { get; init; }

    /// <summary>Gets the hard TTL ceiling (zero: none).</summary>
    public TimeSpan ExplicitMaxTtl { get; init; }

    /// <summary>Gets the number of uses (zero: unlimited).</summary>
    public int NumUses { get; init; }

    /// <summary>Gets a value indicating whether a batch token (not renewable, no accessor) is issued.</summary>
    public bool Batch { get; init; }

    /// <summary>Gets the CIDRs the token may be used from.</summary>
    public IReadOnlyList<string> BoundCidrs { get; init; } = [];
}
