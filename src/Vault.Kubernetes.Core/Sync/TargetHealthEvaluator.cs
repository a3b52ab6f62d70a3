// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace Vault.Kubernetes.Sync;

/// <summary>The health rules of a target, shared by the configuration health check, the operator's conditions and the CSI provider's errors.</summary>
/// <remarks>
/// Unhealthy: a required spec never loaded, or held credentials expired. Degraded: serving last-known-good after failed refreshes,
/// a lease that expires soon with nothing scheduled before it, or a failing login. Healthy otherwise.
/// </remarks>
internal static class TargetHealthEvaluator
{
    /// <summary>A lease this close to expiry with nothing scheduled before it is about to take the credentials with it.</summary>
    public static readonly TimeSpan NearExpiry = TimeSpan.FromMinutes(5);

    public static SecretTargetState Evaluate(TargetEntry target, DateTimeOffset now)
    {
        var states = new SecretSyncState[target.Entries.Length];
        var unhealthy = new List<string>();
        var degraded = new List<string>();
        for (int i = 0; i < states.Length; i++)
        {
            SecretSyncState state = target.Entries[i].ToState(target, target.Target.Specs[i]);
            states[i] = state;
            Classify(state, now, unhealthy, degraded);
        }

        if (target.Slot.Handle?.Session is { IsAuthenticated: false, LastError: { } loginError })
        {
            degraded.Add($"login: {loginError.Message}");
        }

        (SecretTargetHealth health, string reason) = unhealthy.Count > 0
            ? (SecretTargetHealth.Unhealthy, string.Join("; ", unhealthy.Concat(degraded)))
            : degraded.Count > 0
                ? (SecretTargetHealth.Degraded, string.Join("; ", degraded))
                : (SecretTargetHealth.Healthy, string.Create(CultureInfo.InvariantCulture, $"{states.Length} secret(s) fresh"));
        return new SecretTargetState
        {
            Name = target.Target.Name,
            Health = health,
            Reason = reason,
            Specs = states,
            ContentHash = target.Published ? target.ContentHash : null,
            LastWrittenAt = target.LastWrittenAt,
            Identity = target.Slot.Description,
        };
    }

    private static void Classify(SecretSyncState state, DateTimeOffset now, List<string> unhealthy, List<string> degraded)
    {
        string path = state.Path;
        if (!state.HasValue && state.LastError is null && state.LastSuccessAt is not null)
        {
            // Read, and waiting for another spec of the target (never partial): that one is the reason.
            return;
        }

        if (!state.HasValue)
        {
            // An optional secret may be missing from the destination, but the destination is still not what was asked for.
            unhealthy.Add($"{path}: not loaded ({state.LastError ?? "not read yet"})");
        }
        else if (state.LeaseExpiresAt is DateTimeOffset expires && expires <= now)
        {
            unhealthy.Add(string.Create(CultureInfo.InvariantCulture, $"{path}: credentials expired at {expires:O}"));
        }
        else if (state.ConsecutiveFailures > 0)
        {
            degraded.Add($"{path}: serving last-known-good after {state.ConsecutiveFailures} failed refresh(es) ({state.LastError})");
        }
        else if (state.LeaseExpiresAt is DateTimeOffset soon && soon - now < NearExpiry && !(state.NextActionAt < soon))
        {
            degraded.Add(string.Create(CultureInfo.InvariantCulture, $"{path}: lease expires at {soon:O} and nothing is scheduled before then"));
        }
    }
}
