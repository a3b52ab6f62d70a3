// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using Vault.Kubernetes.Authentication;
using Vault.Kubernetes.Operator.Resources;
using Vault.Kubernetes.Sync;

namespace Vault.Kubernetes.Operator.Controller;

/// <summary>What the controller keeps per resource: the parsed spec, its engine and the little state needed to avoid needless writes.</summary>
/// <remarks>About a kilobyte per resource; no copy of the object or of the Secret is held.</remarks>
internal sealed class ResourceRecord
{
    public ResourceRecord(SyncResource resource)
    {
        Resource = resource;
    }

    public SyncResource Resource { get; set; }

    /// <summary>Gets or sets the engine that holds the target, or <see langword="null"/> while the spec is invalid.</summary>
    public SecretSyncEngine? Engine { get; set; }

    public VaultIdentity? Identity { get; set; }

    /// <summary>Gets or sets the content hash the destination holds (<c>status.secretMAC</c>); a write with another hash is a real change.</summary>
    public string? DestinationHash { get; set; }

    /// <summary>Gets or sets the spec problem, when the spec cannot work.</summary>
    public SpecException? SpecError { get; set; }

    /// <summary>Gets or sets the last write failure, cleared by the next successful write.</summary>
    public string? WriteError { get; set; }

    /// <summary>Gets or sets the status last written, as JSON, so an unchanged status is not written again.</summary>
    public string? LastStatus { get; set; }

    /// <summary>Gets or sets the Ready condition last written (status, reason, time), to keep lastTransitionTime stable.</summary>
    public (string Status, string Reason, string Time)? LastReady { get; set; }

    /// <summary>Gets or sets the last Event (reason and message), so repeated identical failures are not recorded again and again.</summary>
    public string? LastEvent { get; set; }

    /// <summary>Gets the lock that serializes writes of the destination (engine writes and repairs).</summary>
    public SemaphoreSlim WriteLock { get; } = new(1, 1);

    public bool Removed { get; set; }
}
