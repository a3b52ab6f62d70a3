// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;

namespace Vault.Kubernetes.Testing.Wrapping;

/// <summary>The <c>wrap_info</c> block of a wrapped response.</summary>
/// <param name="Token">The single-use wrapping token.</param>
/// <param name="Accessor">The wrapping token's accessor.</param>
/// <param name="Ttl">The wrapping token's TTL.</param>
/// <param name="CreationTime">When the response was wrapped.</param>
/// <param name="CreationPath">The request path whose response was wrapped.</param>
/// <param name="WrappedAccessor">The accessor of the wrapped token, when the wrapped response was a login/token response.</param>
internal sealed record WrapInfo(string Token, string Accessor, TimeSpan Ttl, DateTimeOffset CreationTime, string CreationPath, string? WrappedAccessor);
