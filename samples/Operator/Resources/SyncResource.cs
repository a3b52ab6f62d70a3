// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

namespace Vault.Kubernetes.Operator.Resources;

/// <summary>A parsed, validated VaultStaticSecret or VaultDynamicSecret: everything the controller needs, nothing of the object beyond it.</summary>
internal sealed record SyncResource
{
    public required ResourceKind Kind { get; init; }

    public required string Namespace { get; init; }

    public required string Name { get; init; }

    public required string Uid { get; init; }

    public long Generation { get; init; }

    public string? VaultAuthRef { get; init; }

    public string? VaultNamespace { get; init; }

    /// <summary>Gets the Vault paths in merge order: the main path first, then <c>spec.additionalPaths</c> (a later key wins).</summary>
    public required IReadOnlyList<VaultPathSpec> Paths { get; init; }

    public TimeSpan? RefreshAfter { get; init; }

    /// <summary>Gets the renewal point of leased secrets, in percent of the lease duration (VSO default 67, capped at 90).</summary>
    public int RenewalPercent { get; init; } = 67;

    public bool Revoke { get; init; }

    public bool HmacSecretData { get; init; } = true;

    public IReadOnlyList<RolloutTarget> RolloutRestartTargets { get; init; } = [];

    public required Destination Destination { get; init; }

    /// <summary>Gets <c>status.secretMAC</c> as last written: what the destination is known to hold.</summary>
    public string? SecretMac { get; init; }

    /// <summary>Gets the engine target name: unique per kind and object.</summary>
    public string TargetName => $"{Kind.Kind}/{Namespace}/{Name}";
}
