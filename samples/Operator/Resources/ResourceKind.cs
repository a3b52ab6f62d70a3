// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

namespace Vault.Kubernetes.Operator.Resources;

/// <summary>The secret-bearing kinds the operator reconciles, with their plural and finalizer.</summary>
internal sealed record ResourceKind(string Kind, string Plural, string Finalizer)
{
    public static ResourceKind Static { get; } = new("VaultStaticSecret", "vaultstaticsecrets", "vaultstaticsecret.secrets.hashicorp.com/finalizer");

    public static ResourceKind Dynamic { get; } = new("VaultDynamicSecret", "vaultdynamicsecrets", "vaultdynamicsecret.secrets.hashicorp.com/finalizer");
}
