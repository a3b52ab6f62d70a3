// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Vault.Kubernetes.Sync;

namespace Vault.Kubernetes.Configuration;

/// <summary>Reports the health of the Vault-backed configuration through Core's target health: Healthy, Degraded when serving last-known-good or a lease nears expiry, Unhealthy when credentials expired or never loaded.</summary>
internal sealed class VaultKubernetesHealthCheck : IHealthCheck
{
    private readonly VaultConfigurationProvider _provider;

    public VaultKubernetesHealthCheck(VaultConfigurationProvider provider)
    {
        _provider = provider;
    }

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        SecretTargetState? state = _provider.GetTargetState();
        int secrets = state?.Specs.Count ?? 0;
        var data = new Dictionary<string, object>(StringComparer.Ordinal) { ["secrets"] = secrets };
        HealthCheckResult result = state?.Health switch
        {
            SecretTargetHealth.Unhealthy => HealthCheckResult.Unhealthy(state.Reason, data: data),
            SecretTargetHealth.Degraded => HealthCheckResult.Degraded(state.Reason, data: data),
            _ => HealthCheckResult.Healthy($"{secrets} secret(s) fresh", data),
        };
        return Task.FromResult(result);
    }
}
