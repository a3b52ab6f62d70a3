// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;

namespace Vault.Kubernetes.Testing.Internal;

/// <summary>Parameters for <see cref="TokenStore.Create"/>.</summary>
internal sealed record TokenCreateRequest
{
    /// <summary>Gets the policies (default is added unless <see cref="NoDefaultPolicy"/>).</summary>
    public IReadOnlyList<string> Policies { get; init; } = [];

    /// <summary>Gets the requested TTL (null or zero: the system default, 768h).</summary>
    public TimeSpan? Ttl { get; init; }

    /// <summary>Gets the explicit max TTL (null or zero: the system max).</summary>
    public TimeSpan? ExplicitMaxTtl { get; init; }

    /// <summary>Gets the period for periodic tokens.</summary>
    public TimeSpan? Period { get; init; }

    /// <summary>Gets a value indicating whether the token is renewable.</summary>
    public bool Renewable { get; init; } = true;

    /// <summary>Gets the metadata.</summary>
    public IReadOnlyDictionary<string, string>? Meta { get; init; }

    /// <summary>Gets the display name.</summary>
    public string DisplayName { get; init; } = "token";

    /// <summary>Gets the creation path.</summary>
    public string Path { get; init; } = "auth/token/create";

    /// <summary>Gets the use limit (0 = unlimited).</summary>
    public int NumUses { get; init; }

    /// <summary>Gets the parent token id (null for orphans).</summary>
    public string? ParentId { get; init; }

    /// <summary>Gets a value indicating whether "default" is left out.</summary>
    public bool NoDefaultPolicy { get; init; }

    /// <summary>Gets a caller-chosen token id (tests, root token), or null for a random hvs. id.</summary>
    public string? Id { get; init; }

    /// <summary>Gets the issuing role (auth methods).</summary>
    public string? Role { get; init; }

    /// <summary>Gets the entity id.</summary>
    public string EntityId { get; init; } = string.Empty;
}
