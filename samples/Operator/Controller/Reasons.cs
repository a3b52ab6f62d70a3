// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

namespace Vault.Kubernetes.Operator.Controller;

/// <summary>The reasons of Events and conditions, in one place: users alert on these, so they are API.</summary>
internal static class Reasons
{
    /// <summary>The destination Secret was written with new content.</summary>
    public const string SecretSynced = "SecretSynced";

    /// <summary>A leased secret was re-issued (new credentials) and written.</summary>
    public const string SecretRotated = "SecretRotated";

    /// <summary>Reading or renewing from Vault failed; the Secret keeps its last content.</summary>
    public const string VaultClientError = "VaultClientError";

    /// <summary>The spec cannot work (missing field, unknown VaultAuth); the condition names the field.</summary>
    public const string InvalidSpec = "InvalidSpec";

    /// <summary>Writing the destination Secret failed.</summary>
    public const string SecretWriteError = "SecretWriteError";

    /// <summary>The destination Secret was deleted or edited and was put back.</summary>
    public const string SecretRestored = "SecretRestored";

    /// <summary>A rollout restart of a target workload was requested.</summary>
    public const string RolloutRestartTriggered = "RolloutRestartTriggered";

    /// <summary>A rollout restart of a target workload failed.</summary>
    public const string RolloutRestartFailed = "RolloutRestartFailed";

    /// <summary>The leases of a deleted resource were revoked.</summary>
    public const string LeasesRevoked = "LeasesRevoked";

    /// <summary>Revoking the leases of a deleted resource failed; they expire at the end of their TTL.</summary>
    public const string LeaseRevokeFailed = "LeaseRevokeFailed";

    /// <summary>Ready condition reason while waiting for the first read.</summary>
    public const string Pending = "Pending";
}
