// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;

namespace Vault.Kubernetes.Testing.Internal;

/// <summary>The fault (if any) to apply to one request.</summary>
internal sealed record FaultDecision(FaultKind Kind, int StatusCode, IReadOnlyList<string> Errors, TimeSpan? RetryAfter)
{
    /// <summary>No fault.</summary>
    public static FaultDecision None { get; } = new(FaultKind.None, 0, [], null);
}
