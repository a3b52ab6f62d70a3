// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using Microsoft.Extensions.Compliance.Classification;

namespace Vault.Kubernetes.Diagnostics;

/// <summary>The data classifications Vault.Kubernetes assigns, for configuring redactors.</summary>
public static class VaultDataClassifications
{
    /// <summary>The taxonomy name: <c>Vault.Kubernetes</c>.</summary>
    public const string TaxonomyName = VaultTelemetry.Name;

    /// <summary>Gets the classification of secret values, Vault tokens and service-account JWTs.</summary>
    public static DataClassification SecretData { get; } = new(TaxonomyName, nameof(SecretData));
}
