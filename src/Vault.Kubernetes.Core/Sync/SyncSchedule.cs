// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Globalization;
using System.Text.Json;

namespace Vault.Kubernetes.Sync;

/// <summary>Decides each spec's next action and its due time from the secret's lease, kind and renewal history.</summary>
internal sealed class SyncSchedule
{
    private static readonly TimeSpan s_minimumDelay = TimeSpan.FromSeconds(1);
    private readonly SecretSyncEngineOptions _options;

    public SyncSchedule(SecretSyncEngineOptions options)
    {
        _options = options;
    }

    public (SyncAction Action, DateTimeOffset DueAt) Next(SyncEntry entry, DateTimeOffset now, double random)
    {
        var snapshot = entry.Snapshot!;
        if (entry.Spec.Kind == SecretSourceKind.StaticCredentials && TryGetSeconds(snapshot, "ttl", out TimeSpan ttl))
        {
            // Static roles rotate when their ttl runs out: read again just after, as consul-template does.
            return (SyncAction.Reread, Floor(snapshot.RetrievedAt + ttl + s_minimumDelay, now));
        }

        if (entry.LeaseExpiresAt is DateTimeOffset expiresAt && entry.Spec.Kind is SecretSourceKind.Dynamic or SecretSourceKind.StaticCredentials)
        {
            TimeSpan lease = entry.CurrentLeaseDuration;
            DateTimeOffset from = entry.LeaseRenewedAt ?? snapshot.RetrievedAt;
            double fraction = _options.RenewFraction * (1 - (0.1 * random));
            DateTimeOffset due = from + (lease * fraction);
            SyncAction action = snapshot.Renewable && !entry.RenewalCapped ? SyncAction.Renew : SyncAction.Reissue;
            DateTimeOffset latest = expiresAt - s_minimumDelay;
            return (action, Floor(due < latest ? due : latest, now));
        }

        TimeSpan interval = entry.Spec.RefreshInterval ?? _options.RefreshInterval;
        return (SyncAction.Refresh, Floor(now + (interval * (1 - (0.1 * random))), now));
    }

    private static DateTimeOffset Floor(DateTimeOffset due, DateTimeOffset now) =>
        due < now + s_minimumDelay ? now + s_minimumDelay : due;

    private static bool TryGetSeconds(Secrets.SecretSnapshot snapshot, string key, out TimeSpan value)
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
