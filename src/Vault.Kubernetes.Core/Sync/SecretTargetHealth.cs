// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

namespace Vault.Kubernetes.Sync;

/// <summary>How well a target's destination is served: the one set of rules behind the health check, operator conditions and CSI errors.</summary>
public enum SecretTargetHealth
{
    /// <summary>Every spec is fresh.</summary>
    Healthy = 0,

    /// <summary>The destination holds content, but some of it is last-known-good after failed refreshes, a lease nears expiry with nothing scheduled, or the login fails.</summary>
    Degraded = 1,

    /// <summary>The destination was never written, a spec was never loaded, or held credentials have expired.</summary>
    Unhealthy = 2,
}
