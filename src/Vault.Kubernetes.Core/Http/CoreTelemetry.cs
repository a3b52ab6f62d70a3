// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Vault.Kubernetes.Http;

/// <summary>Holds the one <see cref="ActivitySource"/> and <see cref="Meter"/> named <c>Vault.Kubernetes</c> that every Core folder reports through.</summary>
/// <remarks>
/// They live in Http, the bottom folder, so that the transport can use them without importing another folder of ours;
/// the public name for subscribers stays <c>Vault.Kubernetes.Diagnostics.VaultTelemetry.Name</c>, which forwards here.
/// </remarks>
internal static class CoreTelemetry
{
    public const string Name = "Vault.Kubernetes";

    public static readonly ActivitySource s_activitySource = new(Name, typeof(CoreTelemetry).Assembly.GetName().Version?.ToString());

    public static readonly Meter s_meter = new(Name, typeof(CoreTelemetry).Assembly.GetName().Version?.ToString());
}
