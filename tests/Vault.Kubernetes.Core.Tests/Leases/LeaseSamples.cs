// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using Vault.Kubernetes.Leases;

namespace Vault.Kubernetes.Core.Tests.Leases;

/// <summary>The times and leases the lease tests share.</summary>
internal static class LeaseSamples
{
    public static DateTimeOffset T0 { get; } = new(2026, 3, 1, 10, 0, 0, TimeSpan.Zero);

    public static TimeSpan Hour { get; } = TimeSpan.FromHours(1);

    /// <summary>Gets a renewable one-hour database lease obtained at <see cref="T0"/>.</summary>
    public static LeaseInfo HourLease { get; } = LeaseInfo.ForLease("database/creds/app/abc", Hour, renewable: true, T0);
}
