// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Text.Json.Nodes;

namespace Vault.Kubernetes.Injector.Admission;

/// <summary>The webhook's decision for one pod: allowed with an optional patch, or denied with a message.</summary>
internal sealed record MutationResult(bool Allowed, JsonArray? Patch, string? Message, IReadOnlyList<string> Warnings)
{
    public static MutationResult Unchanged { get; } = new(true, null, null, []);

    public static MutationResult Deny(string message) => new(false, null, message, []);
}
