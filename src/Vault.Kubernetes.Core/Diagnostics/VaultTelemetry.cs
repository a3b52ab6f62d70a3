// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Diagnostics;
using System.Diagnostics.Metrics;
using Vault.Kubernetes.Http;

namespace Vault.Kubernetes.Diagnostics;

/// <summary>Names the <see cref="ActivitySource"/> and <see cref="Meter"/> every Vault.Kubernetes component reports through.</summary>
/// <remarks>
/// Subscribe with <c>tracing.AddSource(VaultTelemetry.Name)</c> and <c>metrics.AddMeter(VaultTelemetry.Name)</c>.
/// Tags are low-cardinality (mount, path, operation, outcome); secret values and tokens never appear in them.
/// </remarks>
public static class VaultTelemetry
{
    /// <summary>The name shared by the activity source and the meter: <c>Vault.Kubernetes</c>.</summary>
    public const string Name = CoreTelemetry.Name;

    internal static readonly ActivitySource s_activitySource = CoreTelemetry.s_activitySource;

    internal static readonly Meter s_meter = CoreTelemetry.s_meter;
}
