// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Text.Json;

namespace Vault.Kubernetes.Testing.Internal;

/// <summary>How deep the dev server lets JSON nest: Vault's Go decoder allows 10,000 levels, System.Text.Json only 64 by default.</summary>
/// <remarks>1,000 (the JSON writer's own limit) covers any real secret and keeps recursion far from the stack's end.</remarks>
internal static class DeepJson
{
    public const int MaxDepth = 1000;

    /// <summary>Gets the serializer options the in-process writes use (<c>WriteKvSecret</c>).</summary>
    public static JsonSerializerOptions SerializerOptions { get; } = new() { MaxDepth = MaxDepth };
}
