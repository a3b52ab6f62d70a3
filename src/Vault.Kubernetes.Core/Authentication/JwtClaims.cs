// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;

namespace Vault.Kubernetes.Authentication;

/// <summary>The claims of a JWT payload that the SDK reports, flattened from the standard and Kubernetes claim sets.</summary>
internal sealed record JwtClaims(
    string? Subject,
    string? Issuer,
    IReadOnlyList<string> Audiences,
    DateTimeOffset? IssuedAt,
    DateTimeOffset? ExpiresAt,
    DateTimeOffset? NotBefore,
    string? Namespace,
    string? ServiceAccountName,
    string? PodName);
