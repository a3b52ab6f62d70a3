// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Globalization;
using System.Text.Json;
using Vault.Kubernetes.Leases;
using Vault.Kubernetes.Secrets;

namespace Vault.Kubernetes.Sync;

/// <summary>Describes the lifetime of a secret just read, in the terms of <see cref="LeasePlan"/>.</summary>
internal static class SnapshotLease
{
    public static LeaseInfo Describe(SecretSpec spec, SecretSnapshot snapshot)
    {
        if (spec.Kind == SecretSourceKind.StaticCredentials && TryGetSeconds(snapshot, "ttl", out TimeSpan ttl))
        {
            TimeSpan? period = TryGetSeconds(snapshot, "rotation_period", out TimeSpan p) ? p : null;
            return LeaseInfo.ForStaticRole(ttl, period, snapshot.RetrievedAt);
        }

        if (snapshot.HasLease)
        {
            return LeaseInfo.ForLease(snapshot.LeaseId, snapshot.LeaseDuration, snapshot.Renewable, snapshot.RetrievedAt);
        }

        // PKI issues certificates without a lease id: its "expiration" (unix seconds) is the deadline.
        if (TryGetSeconds(snapshot, "expiration", out TimeSpan expiration))
        {
            return LeaseInfo.ForCertificate(DateTimeOffset.UnixEpoch + expiration, snapshot.RetrievedAt);
        }

        return LeaseInfo.ForNonLeased(snapshot.RetrievedAt, snapshot.Version, snapshot.LeaseDuration);
    }

    private static bool TryGetSeconds(SecretSnapshot snapshot, string key, out TimeSpan value)
    {
        value = default;
        if (!snapshot.Data.TryGetValue(key, out JsonElement element))
        {
            return false;
        }

        long seconds = element.ValueKind switch
        {
            JsonValueKind.Number when element.TryGetInt64(out long n) => n,
            JsonValueKind.String when long.TryParse(element.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out long n) => n,
            _ => -1,
        };
        if (seconds <= 0)
        {
            return false;
        }

        value = TimeSpan.FromSeconds(seconds);
        return true;
    }
}
