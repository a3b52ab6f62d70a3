// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using Vault.Kubernetes.Secrets;
using Vault.Kubernetes.Sync;

namespace Vault.Kubernetes.Operator.Resources;

/// <summary>One Vault path a resource reads: the main <c>mount</c>/<c>path</c>, or an entry of the additional <c>spec.additionalPaths</c>.</summary>
internal sealed record VaultPathSpec(string Mount, string Path, SecretSourceKind Kind)
{
    public int? Version { get; init; }

    public IReadOnlyDictionary<string, string>? Params { get; init; }

    public bool UseWrite { get; init; }

    public string FullPath => Mount.Trim('/') + "/" + Path.Trim('/');
}
