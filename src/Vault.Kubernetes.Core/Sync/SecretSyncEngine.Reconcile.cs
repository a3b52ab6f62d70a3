// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using System.Linq;
using Vault.Kubernetes.Authentication;
using Vault.Kubernetes.Diagnostics;
using Vault.Kubernetes.Leases;
using Vault.Kubernetes.Secrets;

namespace Vault.Kubernetes.Sync;

public sealed partial class SecretSyncEngine
{
    private static readonly TimeSpan s_wakeWindow = TimeSpan.FromSeconds(3);
    private static readonly IReadOnlyDictionary<string, string> s_empty = new Dictionary<string, string>(0, StringComparer.Ordinal);

    private async Task<SecretSyncResult> ProcessAsync(SyncEntry entry, CancellationToken cancellationToken)
    {
        await entry.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (entry.Removed)
            {
                return new SecretSyncResult(entry.Spec.Name, SecretSyncEventKind.Removed, null);
            }

            entry.Attempted = true;

            await _concurrency.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                return await ReconcileAsync(entry, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                _concurrency.Release();
                entry.FirstAttempt.TrySetResult();
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
        bool afterLogin = entry.ReissueRequested;
        LeaseAction? action = entry.Lease is null ? null : afterLogin ? LeaseAction.Reissue : entry.NextAction;
        entry.ReissueRequested = false;
        string actionName = action?.ToString() ?? "Fetch";
        LeasePlan plan = PlanFor(spec);
        DateTimeOffset startedAt = _timeProvider.GetUtcNow();
        if (action == LeaseAction.Reissue && !afterLogin && LoginComesFirst(entry, startedAt) is { } tokenEnds)
        {
            Schedule(entry, LeaseAction.Reissue, tokenEnds);
            return new SecretSyncResult(spec.Name, SecretSyncEventKind.Unchanged, tokenEnds - startedAt);
        }

        using Activity? activity = VaultTelemetry.s_activitySource.StartActivity("SecretSyncEngine.Reconcile");
        activity?.SetTag("vault.spec", spec.Name);
        activity?.SetTag("vault.path", spec.Path);
        activity?.SetTag("vault.sync.action", actionName);
        try
        {
            SecretSyncEventKind outcome = action switch
            {
                LeaseAction.Renew => await RenewAsync(entry, startedAt, cancellationToken).ConfigureAwait(false),
                LeaseAction.Refresh when await IsUnchangedVersionAsync(entry, cancellationToken).ConfigureAwait(false) => Touch(entry, startedAt),
                _ => await FetchAsync(entry, action, plan, cancellationToken).ConfigureAwait(false),
            };

            // Targets left behind by a failed write (or waiting for this secret) are brought up to date now, without fetching again.
            if (await PublishTargetsAsync(entry, cancellationToken).ConfigureAwait(false) && outcome == SecretSyncEventKind.Unchanged)
            {
                outcome = SecretSyncEventKind.Changed;
            }

            DateTimeOffset now = _timeProvider.GetUtcNow();
            bool recovered = entry.ConsecutiveFailures > 0;
            entry.ConsecutiveFailures = 0;
            entry.LastError = null;
            entry.LastSuccessAt = now;
            LeaseDecision next = entry.ReissueRequested
                ? new LeaseDecision(LeaseAction.Reissue, now + TimeSpan.FromSeconds(1), "the session logged in again; leases of the old token die with it")
                : plan.Next(entry.Lease!, entry.History, now, _random());
            Schedule(entry, next.Action, next.DueAt);
            if (recovered)
            {
                // Vault answers again: the other secrets of this identity need not wait out the backoff they built up during the outage.
                WakeFailing(entry);
            }

            LogOutcome(spec, outcome, entry);
            SyncMetrics.RecordReconcile(actionName, outcome, now - startedAt);
            activity?.SetTag("vault.sync.outcome", outcome.ToString());
            Raise(entry, outcome, null);
            return new SecretSyncResult(spec.Name, outcome, next.DueAt - now);
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
            TimeSpan backoff = _backoff.GetDelay(entry.ConsecutiveFailures, _random());

            // The plan turns a failed renewal into a re-issue and never lets a retry wait past the held lease's expiry.
            (LeaseAction? retry, DateTimeOffset dueAt) = entry.Lease is null || action is null
                ? ((LeaseAction?)null, now + backoff)
                : ToTuple(plan.Retry(entry.Lease, entry.History, action.Value, backoff, now));
            Schedule(entry, retry, dueAt);
            LogFailure(ex, spec.Name, spec.Path, entry.ConsecutiveFailures, dueAt - now);
            SyncMetrics.RecordReconcile(actionName, SecretSyncEventKind.Failed, now - startedAt);
            activity?.SetStatus(ActivityStatusCode.Error, ex.GetType().Name);
            Raise(entry, SecretSyncEventKind.Failed, ex);
            if (entry.Snapshot is null)
            {
                // An optional secret that cannot be read must not hold its targets back.
                await PublishAfterFailureAsync(entry, cancellationToken).ConfigureAwait(false);
            }

            return new SecretSyncResult(spec.Name, SecretSyncEventKind.Failed, dueAt - now, ex);
        }
    }

    /// <summary>When a planned re-issue would only produce a lease that dies with the session's expiring token, returns that expiry.</summary>
    /// <remarks>
    /// Vault revokes a lease when the token that obtained it expires. Once the session's token is at its max TTL and ends no later
    /// than the lease held now, a lease issued under it is no better than the one held: both die with the token. The session logs
    /// in again before then, and that login re-issues every leased secret (<see cref="Follow"/>), so the planned re-issue waits for
    /// it instead of costing one more set of credentials (and one more write and restart downstream). The token's expiry is the
    /// backstop should that login not come.
    /// </remarks>
    private DateTimeOffset? LoginComesFirst(SyncEntry entry, DateTimeOffset now)
    {
        VaultSession? session = entry.Slot.Handle?.Session ?? Volatile.Read(ref _followedSession);
        return session?.FinalTokenExpiry is { } tokenEnds && tokenEnds > now && entry.LeaseExpiresAt is { } leaseEnds && tokenEnds <= leaseEnds
            ? tokenEnds
            : null;
    }

    private void WakeFailing(SyncEntry recovered)
    {
        SyncEntry[] entries;
        lock (_targetsLock)
        {
            entries = [.. _entries.Values];
        }

        DateTimeOffset now = _timeProvider.GetUtcNow();
        foreach (SyncEntry entry in entries)
        {
            if (!ReferenceEquals(entry, recovered) && ReferenceEquals(entry.Slot, recovered.Slot) && !entry.Removed
                && entry.ConsecutiveFailures > 0 && entry.NextActionAt is { } due && due > now + s_wakeWindow)
            {
                // Spread over a couple of seconds so a recovered Vault is not hit by every waiting secret in the same instant.
                Schedule(entry, entry.NextAction, now + TimeSpan.FromSeconds(1 + (2 * _random())));
            }
        }
    }

    private static (LeaseAction? Action, DateTimeOffset DueAt) ToTuple(LeaseDecision decision) => (decision.Action, decision.DueAt);

    private static SecretSyncEventKind Touch(SyncEntry entry, DateTimeOffset now)
    {
        // Same KV version: the secret is as fresh as a full read would make it, so the refresh clock restarts now.
        entry.Lease = LeaseInfo.ForNonLeased(now, entry.Lease!.KvVersion, entry.Lease.Duration);
        return SecretSyncEventKind.Unchanged;
    }

    private async Task<bool> IsUnchangedVersionAsync(SyncEntry entry, CancellationToken cancellationToken)
    {
        // Only an unpinned KV v2 secret has a cheap "what is current?" check; everything else is re-read.
        if (entry.Spec.Version is not null || entry.Snapshot?.Version is not int held)
        {
            return false;
        }

        int? current = await entry.Slot.Source.GetCurrentVersionAsync(entry.Spec, cancellationToken).ConfigureAwait(false);
        return current == held;
    }

    private async Task<SecretSyncEventKind> FetchAsync(SyncEntry entry, LeaseAction? action, LeasePlan plan, CancellationToken cancellationToken)
    {
        SecretSpec spec = entry.Spec;
        SecretSnapshot snapshot = await entry.Slot.Source.ReadAsync(spec, cancellationToken).ConfigureAwait(false);
        if (snapshot.HasLease)
        {
            // Owned from the moment Vault issued it, so disposal can revoke it even if a write below fails.
            lock (entry.OwnedLeases)
            {
                entry.OwnedLeases.Add(snapshot.LeaseId);
            }
        }

        SecretSnapshot? previous = entry.Snapshot;
        LeaseInfo? previousLease = entry.Lease;
        LeaseHistory previousHistory = entry.History;
        entry.Snapshot = snapshot;
        entry.Lease = SnapshotLease.Describe(spec, snapshot);
        entry.History = LeaseHistory.Empty;
        foreach (TargetEntry target in entry.GetTargets())
        {
            target.Dirty = true;
        }

        if (previous is { HasLease: true } && previousLease is not null && !string.Equals(previous.LeaseId, snapshot.LeaseId, StringComparison.Ordinal))
        {
            RetireLease(entry, plan, previousLease, previousHistory);
        }

        bool changed = await PublishTargetsAsync(entry, cancellationToken).ConfigureAwait(false);
        if (changed)
        {
            entry.LastChangedAt = _timeProvider.GetUtcNow();
        }

        if (action == LeaseAction.Reissue && previous is not null)
        {
            return SecretSyncEventKind.Rotated;
        }

        return changed ? SecretSyncEventKind.Changed : SecretSyncEventKind.Unchanged;
    }

    private async Task PublishAfterFailureAsync(SyncEntry entry, CancellationToken cancellationToken)
    {
        try
        {
            await PublishTargetsAsync(entry, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The destination keeps what it had; the next reconcile of any of the target's secrets publishes it again.
            LogFailure(ex, entry.Spec.Name, entry.Spec.Path, entry.ConsecutiveFailures, TimeSpan.Zero);
        }
    }

    /// <summary>Writes each target of <paramref name="entry"/> whose content may have changed and is complete.</summary>
    /// <returns><see langword="true"/> if any destination was written.</returns>
    private async Task<bool> PublishTargetsAsync(SyncEntry entry, CancellationToken cancellationToken)
    {
        bool written = false;
        foreach (TargetEntry target in entry.GetTargets())
        {
            if (target.Dirty)
            {
                written |= await PublishAsync(target, cancellationToken).ConfigureAwait(false);
            }
        }

        return written;
    }

    /// <summary>Writes a target when every spec has a value and the combined content hash changed; one write at a time per target.</summary>
    /// <returns><see langword="true"/> if the destination was written.</returns>
    private async Task<bool> PublishAsync(TargetEntry target, CancellationToken cancellationToken)
    {
        await target.WriteGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (target.Removed || !target.Dirty)
            {
                return false;
            }

            // Cleared before building: a secret fetched meanwhile marks the target again and publishes after this write.
            target.Dirty = false;
            SecretTargetContent? content;
            try
            {
                content = BuildContent(target);
            }
            catch
            {
                target.Dirty = true;
                throw;
            }

            if (content is null)
            {
                // Incomplete: never partial. The missing secrets publish the target when they arrive.
                target.Dirty = true;
                return false;
            }

            if (string.Equals(content.ContentHash, target.ContentHash, StringComparison.Ordinal))
            {
                target.Published = true;
                return false;
            }

            try
            {
                await _sink.WriteAsync(content, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                target.Dirty = true;
                throw;
            }

            target.ContentHash = content.ContentHash;
            target.Published = true;
            target.LastWrittenAt = _timeProvider.GetUtcNow();
            return true;
        }
        finally
        {
            target.WriteGate.Release();
        }
    }

    /// <summary>Builds a target's content from the secrets its entries hold, or returns <see langword="null"/> while a required one is missing.</summary>
    private SecretTargetContent? BuildContent(TargetEntry target)
    {
        // Completeness first, without transforming: during a cold load each arriving secret asks again, and transforming the
        // secrets already held every time made a 1,000-spec load quadratic. An optional secret that failed its first read does
        // not hold the others back; a required one does.
        for (int i = 0; i < target.Entries.Length; i++)
        {
            SyncEntry entry = target.Entries[i];
            if (entry.Snapshot is null && !(target.Target.Specs[i].Optional && entry.Attempted && entry.ConsecutiveFailures > 0))
            {
                return null;
            }
        }

        var items = new SecretTargetItem[target.Entries.Length];
        for (int i = 0; i < items.Length; i++)
        {
            SecretSpec spec = target.Target.Specs[i];
            items[i] = target.Entries[i].Snapshot is SecretSnapshot snapshot
                ? new SecretTargetItem(spec, snapshot, (spec.Transform ?? SecretDataTransform.Instance).Transform(spec, snapshot))
                : new SecretTargetItem(spec, null, s_empty);
        }

        return new SecretTargetContent(target.Target, items, _hasher.Hash(items));
    }

    private async Task<SecretSyncEventKind> RenewAsync(SyncEntry entry, DateTimeOffset now, CancellationToken cancellationToken)
    {
        SecretSnapshot snapshot = entry.Snapshot!;
        TimeSpan requested = snapshot.LeaseDuration;
        LeaseGrant grant = await entry.Slot.Source.RenewLeaseAsync(snapshot.LeaseId, requested, cancellationToken).ConfigureAwait(false);
        bool capped = grant.Warnings.Any(w => w.Contains("TTL", StringComparison.OrdinalIgnoreCase));
        entry.History = entry.History.Append(new LeaseRenewal(now, grant.LeaseDuration, requested, grant.Renewable, capped));
        return SecretSyncEventKind.Renewed;
    }

    private void RetireLease(SyncEntry entry, LeasePlan plan, LeaseInfo oldLease, LeaseHistory oldHistory)
    {
        DateTimeOffset now = _timeProvider.GetUtcNow();
        if (plan.RevokeOldLeaseAt(oldLease, oldHistory, now) is not DateTimeOffset revokeAt)
        {
            // Left to expire on its own: consumers still holding the old credentials keep working until then.
            lock (entry.OwnedLeases)
            {
                entry.OwnedLeases.Remove(oldLease.LeaseId);
            }

            return;
        }

        ITimer? timer = null;
        timer = _timeProvider.CreateTimer(
            _ =>
            {
                timer?.Dispose();
                _ = RevokeLeaseAsync(entry, oldLease.LeaseId, _stopping.Token);
            },
            null,
            revokeAt - now,
            Timeout.InfiniteTimeSpan);
    }

    /// <summary>Revokes the leases the entry created; returns the first failure, or <see langword="null"/> when all were revoked.</summary>
    private async Task<Exception?> RevokeOwnedLeasesAsync(SyncEntry entry, CancellationToken cancellationToken)
    {
        string[] leases;
        lock (entry.OwnedLeases)
        {
            leases = entry.OwnedLeases.ToArray();
        }

        Exception? failure = null;
        foreach (string leaseId in leases)
        {
            failure ??= await RevokeLeaseAsync(entry, leaseId, cancellationToken).ConfigureAwait(false);
        }

        return failure;
    }

    /// <summary>Revokes one lease; a failure is logged and returned (the lease then expires on its own), never thrown.</summary>
    private async Task<Exception?> RevokeLeaseAsync(SyncEntry entry, string leaseId, CancellationToken cancellationToken)
    {
        try
        {
            await entry.Slot.Source.RevokeLeaseAsync(leaseId, cancellationToken).ConfigureAwait(false);
            lock (entry.OwnedLeases)
            {
                entry.OwnedLeases.Remove(leaseId);
            }

            _logger.SyncLeaseRevoked(entry.Spec.Name);
            Raise(entry, SecretSyncEventKind.Revoked, null);
            return null;
        }
        catch (OperationCanceledException ex) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down: the lease expires on its own.
            return ex;
        }
        catch (Exception ex)
        {
            _logger.SyncLeaseRevokeFailed(ex, entry.Spec.Name);
            return ex;
        }
    }

    /// <summary>One warning per failed attempt, with its reason; a stack trace only for what the library does not expect.</summary>
    private void LogFailure(Exception exception, string name, string path, int attempt, TimeSpan retryIn)
    {
        if (exception is VaultAuthenticationException)
        {
            // The session already warned about the login, with its cause; a second warning per secret would repeat it.
            _logger.SyncWaitingForLogin(name, path, attempt, retryIn);
            return;
        }

        bool expected = exception is SecretTransformException || FailureText.IsExpected(exception);
        _logger.SyncFailed(expected ? null : exception, name, path, attempt, FailureText.Describe(exception), retryIn);
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
                _logger.SyncLeaseRenewed(spec.Name, spec.Path, entry.History.Last?.GrantedDuration ?? TimeSpan.Zero);
                break;
            default:
                _logger.SyncUnchanged(spec.Name, spec.Path);
                break;
        }
    }
}
