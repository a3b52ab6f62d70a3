// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using Microsoft.Extensions.Time.Testing;

namespace Vault.Kubernetes.Testing.Tests.Infrastructure;

/// <summary>Fake clocks for deterministic TTL tests.</summary>
public static class Clocks
{
    /// <summary>A fake clock at a fixed, whole-second start time.</summary>
    public static FakeTimeProvider Fake() => new(new DateTimeOffset(2026, 3, 1, 10, 0, 0, TimeSpan.Zero));
}
