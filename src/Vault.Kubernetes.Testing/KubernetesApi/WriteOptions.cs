// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

namespace Vault.Kubernetes.Testing.KubernetesApi;

/// <summary>How a write is carried out: <c>dryRun=All</c>, and <c>fieldValidation=Strict</c> (unknown fields are an error rather than pruned).</summary>
/// <param name="DryRun">Whether to validate only.</param>
/// <param name="Strict">Whether fields a custom resource's schema does not declare fail the write.</param>
internal sealed record WriteOptions(bool DryRun = false, bool Strict = false)
{
    public static readonly WriteOptions Default = new();
}
