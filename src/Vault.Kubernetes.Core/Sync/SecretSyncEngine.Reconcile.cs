// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using Vault.Kubernetes.Diagnostics;
using Vault.Kubernetes.Secrets;

namespace Vault.Kubernetes.Sync;

public sealed partial class SecretSyncEngine
{
    private async Task<SecretSyncResult> ProcessAsync(SyncEntry entry, CancellationToken cancellationToken)
    {
        await entry.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (entry.Removed)
            {
                return new SecretSyncResult(entry.Spec.Name, SecretSyncEventKind.Removed, null);
            }

            await _concurrency.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                return await ReconcileAsync(entry, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                _concurrency.Release();
            }
        }
        finally
        {
            entry.Gate.Release();
        }
    }

    private async Task<SecretSyncResult> ReconcileAsync(SyncEntry entry, CancellationToken cancellationToken)
    {
        SecretSpec spec = entry.Spec;
        SyncAction action = entry.Snapshot is null ? SyncAction.Fetch : entry.NextAction;
        DateTimeOffset startedAt = _timeProvider.GetUtcNow();
        using Activity? activity = VaultTelemetry.s_activitySource.StartActivity("SecretSyncEngine.Reconcile");
        activity?.SetTag("vault.spec", spec.Name);
        activity?.SetTag("vault.path", spec.Path);
        activity?.SetTag("vault.sync.action", action.ToString());
        try
        {
            SecretSyncEventKind outcome = action switch
            {
                SyncAction.Renew => await RenewAsync(entry, startedAt, cancellationToken).ConfigureAwait(false),
                SyncAction.Refresh when await IsUnchangedVersionAsync(entry, cancellationToken).ConfigureAwait(false) => SecretSyncEventKind.Unchanged,
                _ => await FetchAsync(entry, action, cancellationToken).ConfigureAwait(false),
            };

            DateTimeOffset now = _timeProvider.GetUtcNow();
            entry.ConsecutiveFailures = 0;
            entry.LastError = null;
            entry.LastSuccessAt = now;
            (SyncAction next, DateTimeOffset dueAt) = _schedule.Next(entry, now, _random());
            Schedule(entry, next, dueAt);
            LogOutcome(spec, outcome, entry);
            SyncMetrics.RecordReconcile(action, outcome, now - startedAt);
            activity?.SetTag("vault.sync.outcome", outcome.ToString());
            Raise(spec.Name, outcome, null);
            return new SecretSyncResult(spec.Name, outcome, dueAt - now);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            DateTimeOffset now = _timeProvider.GetUtcNow();
            entry.ConsecutiveFailures++;
            entry.LastError = ex.Message;
            TimeSpan delay = _backoff.GetDelay(entry.ConsecutiveFailures, _random());

            // A failed renewal may mean the lease is gone: the retry fetches fresh credentials instead.
            SyncAction retry = entry.Snapshot is null ? SyncAction.Fetch : action == SyncAction.Renew ? SyncAction.Reissue : action;
            Schedule(entry, retry, now + delay);
            _logger.SyncFailed(ex, spec.Name, spec.Path, entry.ConsecutiveFailures, delay);
            SyncMetrics.RecordReconcile(action, SecretSyncEventKind.Failed, now - startedAt);
            activity?.SetStatus(ActivityStatusCode.Error, ex.GetType().Name);
            Raise(spec.Name, SecretSyncEventKind.Failed, ex);
            return new SecretSyncResult(spec.Name, SecretSyncEventKind.Failed, delay, ex);
        }
    }

    private async Task<bool> IsUnchangedVersionAsync(SyncEntry entry, CancellationToken cancellationToken)
    {
        // Only an unpinned KV v2 secret has a cheap "what is current?" check; everything else is re-read.
        if (entry.Spec.Version is not null || entry.Snapshot?.Version is not int held)
        {
            return false;
        }

        int? current = await _source.GetCurrentVersionAsync(entry.Spec, cancellationToken).ConfigureAwait(false);
        return current == held;
    }

    private async Task<SecretSyncEventKind> FetchAsync(SyncEntry entry, SyncAction action, CancellationToken cancellationToken)
    {
        SecretSpec spec = entry.Spec;
        SecretSnapshot snapshot = await _source.ReadAsync(spec, cancellationToken).ConfigureAwait(false);
        if (snapshot.HasLease)
        {
            // Owned from the moment Vault issued it, so disposal can revoke it even if the write below fails.
            lock (entry.OwnedLeases)
            {
                entry.OwnedLeases.Add(snapshot.LeaseId);
            }
        }

        IReadOnlyDictionary<string, string> payload = (spec.Transform ?? SecretDataTransform.Instance).Transform(spec, snapshot);
        string hash = _hasher.Hash(payload);
        bool changed = false;
        if (!string.Equals(hash, entry.ContentHash, StringComparison.Ordinal))
        {
            await _sink.WriteAsync(spec, payload, hash, cancellationToken).ConfigureAwait(false);
            entry.ContentHash = hash;
            entry.LastChangedAt = _timeProvider.GetUtcNow();
            changed = true;
        }

        SecretSnapshot? previous = entry.Snapshot;
        entry.Snapshot = snapshot;
        entry.LeaseRenewedAt = null;
        entry.CurrentLeaseDuration = snapshot.LeaseDuration;
        entry.RenewalCapped = false;
        entry.LeaseExpiresAt = snapshot.HasLease ? snapshot.ExpiresAt : null;
        if (previous is { HasLease: true } && !string.Equals(previous.LeaseId, snapshot.LeaseId, StringComparison.Ordinal))
        {
            RetireLease(entry, previous.LeaseId);
        }

        if (action == SyncAction.Reissue && previous is not null)
        {
            return SecretSyncEventKind.Rotated;
        }

        return changed ? SecretSyncEventKind.Changed : SecretSyncEventKind.Unchanged;
    }

    private async Task<SecretSyncEventKind> RenewAsync(SyncEntry entry, DateTimeOffset now, CancellationToken cancellationToken)
    {
        SecretSnapshot snapshot = entry.Snapshot!;
        LeaseRenewal renewal = await _source.RenewLeaseAsync(snapshot.LeaseId, snapshot.LeaseDuration, cancellationToken).ConfigureAwait(false);

        // Vault caps renewals at the max TTL: once it grants less than asked, further renewals cannot help.
        entry.RenewalCapped = !renewal.Renewable || renewal.LeaseDuration < snapshot.LeaseDuration;
        entry.LeaseRenewedAt = now;
        entry.CurrentLeaseDuration = renewal.LeaseDuration;
        entry.LeaseExpiresAt = now + renewal.LeaseDuration;
        return SecretSyncEventKind.Renewed;
    }

    private void RetireLease(SyncEntry entry, string leaseId)
    {
        if (_options.RevokeReplacedLeaseAfter is not TimeSpan grace)
        {
            // Left to expire on its own: consumers still holding the old credentials keep working until then.
            lock (entry.OwnedLeases)
            {
                entry.OwnedLeases.Remove(leaseId);
            }

            return;
        }

        ITimer? timer = null;
        timer = _timeProvider.CreateTimer(
            _ =>
            {
                timer?.Dispose();
                _ = RevokeLeaseAsync(entry, leaseId, _stopping.Token);
            },
            null,
            grace,
            Timeout.InfiniteTimeSpan);
    }

    private async Task RevokeOwnedLeasesAsync(SyncEntry entry, CancellationToken cancellationToken)
    {
        string[] leases;
        lock (entry.OwnedLeases)
        {
            leases = entry.OwnedLeases.ToArray();
        }

        foreach (string leaseId in leases)
        {
            await RevokeLeaseAsync(entry, leaseId, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task RevokeLeaseAsync(SyncEntry entry, string leaseId, CancellationToken cancellationToken)
    {
        try
        {
            await _source.RevokeLeaseAsync(leaseId, cancellationToken).ConfigureAwait(false);
            lock (entry.OwnedLeases)
            {
                entry.OwnedLeases.Remove(leaseId);
            }

            _logger.SyncLeaseRevoked(entry.Spec.Name);
            Raise(entry.Spec.Name, SecretSyncEventKind.Revoked, null);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down: the lease expires on its own.
        }
        catch (Exception ex)
        {
            _logger.SyncLeaseRevokeFailed(ex, entry.Spec.Name);
        }
    }

    private void LogOutcome(SecretSpec spec, SecretSyncEventKind outcome, SyncEntry entry)
    {
        switch (outcome)
        {
            case SecretSyncEventKind.Changed:
                _logger.SyncChanged(spec.Name, spec.Path);
                break;
            case SecretSyncEventKind.Rotated:
                _logger.SyncRotated(spec.Name, spec.Path);
                break;
            case SecretSyncEventKind.Renewed:
                _logger.SyncLeaseRenewed(spec.Name, spec.Path, entry.CurrentLeaseDuration);
                break;
            default:
                _logger.SyncUnchanged(spec.Name, spec.Path);
                break;
        }
    }
}
