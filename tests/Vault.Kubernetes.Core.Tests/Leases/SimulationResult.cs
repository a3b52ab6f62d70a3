// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using Vault.Kubernetes.Leases;

namespace Vault.Kubernetes.Core.Tests.Leases;

/// <summary>What a <see cref="LeaseSimulation"/> run observed.</summary>
internal sealed class SimulationResult
{
    public List<LeaseDecision> Decisions { get; } = [];

    /// <summary>Gets, for each re-issue, how long the replaced lease was still valid when the new one arrived.</summary>
    public List<TimeSpan> Overlaps { get; } = [];

    /// <summary>Gets how many renewals each replaced lease had.</summary>
    public List<int> RenewalsPerLease { get; } = [];

    public int Renewals { get; set; }

    /// <summary>Gets or sets how many actions failed because the server was down.</summary>
    public int Failures { get; set; }

    public int MaxLiveLeases { get; set; }

    /// <summary>Gets or sets the total simulated time during which the consumer held an expired or revoked lease.</summary>
    public TimeSpan ExpiredTime { get; set; }
}
