// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Vault.Kubernetes.Configuration.Internal;
using Vault.Kubernetes.Sync;

namespace Vault.Kubernetes.Configuration;

/// <summary>Reports the health of the Vault-backed configuration: Healthy, Degraded when serving last-known-good or a lease nears expiry, Unhealthy when credentials expired or never loaded.</summary>
internal sealed class VaultKubernetesHealthCheck : IHealthCheck
{
    private static readonly TimeSpan s_nearExpiry = TimeSpan.FromMinutes(5);
    private readonly VaultConfigurationProvider _provider;
    private readonly TimeProvider _timeProvider;

    public VaultKubernetesHealthCheck(VaultConfigurationProvider provider, TimeProvider timeProvider)
    {
        _provider = provider;
        _timeProvider = timeProvider;
    }

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        DateTimeOffset now = _timeProvider.GetUtcNow();
        IReadOnlyList<SecretSyncState> states = _provider.GetSecretStates();
        var data = new Dictionary<string, object>(StringComparer.Ordinal) { ["secrets"] = states.Count };
        var unhealthy = new List<string>();
        var degraded = new List<string>();
        foreach (SecretSyncState state in states)
        {
            string path = state.Path;
            if (!state.HasValue)
            {
                unhealthy.Add($"{path}: not loaded ({state.LastError})");
            }
            else if (state.LeaseExpiresAt is DateTimeOffset expires && expires <= now)
            {
                unhealthy.Add($"{path}: credentials expired at {expires:O}");
            }
            else if (state.ConsecutiveFailures > 0)
            {
                degraded.Add($"{path}: serving last-known-good after {state.ConsecutiveFailures} failed refresh(es) ({state.LastError})");
            }
            else if (state.LeaseExpiresAt is DateTimeOffset soon && soon - now < s_nearExpiry && !(state.NextActionAt < soon))
            {
                // Near expiry with no renewal or re-issue scheduled before it: the credentials are about to die.
                degraded.Add($"{path}: lease expires at {soon:O} and nothing is scheduled before then");
            }
        }

        VaultIdentityState? identity = _provider.GetIdentityState();
        if (identity is { IsAuthenticated: false })
        {
            degraded.Add($"login: {identity.LastError ?? "not logged in"}");
        }

        HealthCheckResult result = unhealthy.Count > 0
            ? HealthCheckResult.Unhealthy(string.Join("; ", unhealthy.Concat(degraded)), data: data)
            : degraded.Count > 0
                ? HealthCheckResult.Degraded(string.Join("; ", degraded), data: data)
                : HealthCheckResult.Healthy($"{states.Count} secret(s) fresh", data);
        return Task.FromResult(result);
    }
}
