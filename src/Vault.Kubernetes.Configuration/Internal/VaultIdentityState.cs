// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;

namespace Vault.Kubernetes.Configuration.Internal;

/// <summary>The login state of the provider's Vault session, for the health check.</summary>
/// <param name="IsAuthenticated">Whether the session currently holds a usable token.</param>
/// <param name="TokenExpiresAt">When the token expires, or <see langword="null"/> for tokens that never do.</param>
/// <param name="LastError">The last login failure, or <see langword="null"/>.</param>
internal sealed record VaultIdentityState(bool IsAuthenticated, DateTimeOffset? TokenExpiresAt, string? LastError);
