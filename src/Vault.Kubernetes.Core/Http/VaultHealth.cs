// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Globalization;

namespace Vault.Kubernetes.Http;

/// <summary>The answer of <c>sys/health</c>: the HTTP status (which encodes the node's role) and the health document.</summary>
public sealed class VaultHealth
{
    internal VaultHealth()
    {
    }

    /// <summary>Gets the HTTP status: 200 active, 429 standby, 472 DR secondary, 473 performance standby, 501 not initialized, 503 sealed.</summary>
    public int StatusCode { get; internal init; }

    /// <summary>Gets a value indicating whether the node is an initialized, unsealed, active node (status 200).</summary>
    public bool IsActive => StatusCode == 200 && Initialized && !Sealed;

    /// <summary>Gets a value indicating whether Vault is initialized.</summary>
    public bool Initialized { get; internal init; }

    /// <summary>Gets a value indicating whether Vault is sealed.</summary>
    public bool Sealed { get; internal init; }

    /// <summary>Gets a value indicating whether the node is a standby.</summary>
    public bool Standby { get; internal init; }

    /// <summary>Gets a value indicating whether the node is a performance standby (Enterprise).</summary>
    public bool PerformanceStandby { get; internal init; }

    /// <summary>Gets the performance replication mode (<c>disabled</c>, <c>primary</c>, <c>secondary</c>).</summary>
    public string ReplicationPerformanceMode { get; internal init; } = string.Empty;

    /// <summary>Gets the DR replication mode.</summary>
    public string ReplicationDrMode { get; internal init; } = string.Empty;

    /// <summary>Gets the server's clock, when reported.</summary>
    public DateTimeOffset? ServerTime { get; internal init; }

    /// <summary>Gets the Vault version.</summary>
    public string Version { get; internal init; } = string.Empty;

    /// <summary>Gets a value indicating whether the server is Vault Enterprise.</summary>
    public bool Enterprise { get; internal init; }

    /// <summary>Gets the cluster name.</summary>
    public string ClusterName { get; internal init; } = string.Empty;

    /// <summary>Gets the cluster ID.</summary>
    public string ClusterId { get; internal init; } = string.Empty;

    /// <inheritdoc/>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"VaultHealth {{ StatusCode = {StatusCode}, Initialized = {Initialized}, Sealed = {Sealed}, Standby = {Standby}, Version = {Version} }}");
}
