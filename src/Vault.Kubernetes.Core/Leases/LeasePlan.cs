// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Globalization;
using Microsoft.Extensions.Options;

namespace Vault.Kubernetes.Leases;

/// <summary>Decides, as a pure function of a secret's lifetime, its renewals, the current time and a random number, what to do next and when.</summary>
/// <remarks>
/// <para>
/// Renewable leases are renewed at <see cref="LeasePlanOptions.RenewFraction"/> of their current term. A lease that cannot
/// be renewed, or whose latest renewal no longer extended it (max TTL reached), and a certificate, are re-issued at
/// <see cref="LeasePlanOptions.ReissueFraction"/> of their remaining term, so consumers get the new value while the old
/// one is still valid. Static role credentials are re-read just after Vault rotates them, and secrets without a lease
/// are re-checked every <see cref="LeasePlanOptions.RefreshInterval"/>. Every time carries jitter from the caller's random number.
/// </para>
/// <para>
/// Two guarantees hold for every decision: it is due no earlier than <c>now</c> plus
/// <see cref="LeasePlanOptions.MinimumDelay"/>, so zero, negative or expired lifetimes cannot cause a busy loop; and a
/// renewal or re-issue is due strictly before the lease expires whenever more than the minimum delay is left.
/// Static role re-reads are the one action due after <see cref="LeaseInfo.ExpiresAt"/>, because Vault has the new
/// credentials only once it has rotated them.
/// </para>
/// <para>
/// Renew with the lease's original <see cref="LeaseInfo.Duration"/> as the increment, so that a capped reply (granted
/// less than requested) shows the max TTL was reached. After a failure, ask <see cref="Retry"/> when to try again.
/// A lease with a zero or negative duration has no lifetime to plan from; it is re-issued every
/// <see cref="LeasePlanOptions.RefreshInterval"/>. Instances are immutable and safe to share between threads.
/// </para>
/// </remarks>
internal sealed class LeasePlan
{
    private readonly LeasePlanOptions _options;

    /// <summary>Initializes a new instance of the <see cref="LeasePlan"/> class with the default options.</summary>
    public LeasePlan()
        : this(new LeasePlanOptions())
    {
    }

    /// <summary>Initializes a new instance of the <see cref="LeasePlan"/> class.</summary>
    /// <param name="options">The options; they are copied, so later changes to the instance have no effect.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="OptionsValidationException"><paramref name="options"/> fail <see cref="LeasePlanOptionsValidator"/>.</exception>
    public LeasePlan(LeasePlanOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ValidateOptionsResult result = new LeasePlanOptionsValidator().Validate(Options.DefaultName, options);
        if (result.Failed)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(LeasePlanOptions), result.Failures);
        }

        _options = options.Clone();
    }

    /// <summary>Decides what to do next with a secret, and when.</summary>
    /// <param name="lease">The lifetime of the secret as it was read.</param>
    /// <param name="history">The renewals of the lease since it was read; <see cref="LeaseHistory.Empty"/> if none.</param>
    /// <param name="now">The current time, from the caller's <see cref="TimeProvider"/>.</param>
    /// <param name="random">A uniformly distributed value in [0, 1) that places the time inside its jitter window; the same value always gives the same decision.</param>
    /// <returns>The next action, its due time and the reason.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="lease"/> or <paramref name="history"/> is <see langword="null"/>.</exception>
    public LeaseDecision Next(LeaseInfo lease, LeaseHistory history, DateTimeOffset now, double random)
    {
        ArgumentNullException.ThrowIfNull(lease);
        ArgumentNullException.ThrowIfNull(history);
        random = double.IsNaN(random) ? 0.5 : Math.Clamp(random, 0.0, 1.0);

        return lease.Kind switch
        {
            LeaseKind.NonLeased => PlanRefresh(lease, now, random),
            LeaseKind.StaticRole => PlanReread(lease, now, random),
            LeaseKind.Certificate => PlanBeforeExpiry(
                LeaseAction.Reissue, lease.ObtainedAt, lease.ExpiresAt ?? lease.ObtainedAt, _options.ReissueFraction, now, random, "the certificate cannot be renewed"),
            _ => PlanLease(lease, history, now, random),
        };
    }

    /// <summary>Decides when to try again after an action failed, given the caller's backoff delay.</summary>
    /// <param name="lease">The lifetime of the secret the consumer still holds.</param>
    /// <param name="history">The renewals of the lease.</param>
    /// <param name="failedAction">The action that failed.</param>
    /// <param name="backoff">The delay the caller's backoff proposes (for example <see cref="ExponentialBackoff.GetDelay"/>).</param>
    /// <param name="now">The current time.</param>
    /// <returns>
    /// The retry: a failed renewal becomes a re-issue (the lease may be gone); other actions are retried as they were.
    /// It is due after <paramref name="backoff"/>, but no earlier than the minimum delay and, while the held lease still
    /// has time left, before it expires, so a long backoff cannot skip the last chance to replace it.
    /// </returns>
    /// <exception cref="ArgumentNullException"><paramref name="lease"/> or <paramref name="history"/> is <see langword="null"/>.</exception>
    public LeaseDecision Retry(LeaseInfo lease, LeaseHistory history, LeaseAction failedAction, TimeSpan backoff, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(lease);
        ArgumentNullException.ThrowIfNull(history);
        LeaseAction action = failedAction == LeaseAction.Renew ? LeaseAction.Reissue : failedAction;
        DateTimeOffset due = Floor(now + (backoff > TimeSpan.Zero ? backoff : TimeSpan.Zero), now);

        // A static role's credentials are replaced by rotation, not by us, so only leases and certificates have a deadline.
        if (lease.Kind is LeaseKind.Leased or LeaseKind.Certificate
            && history.CurrentExpiry(lease) is { } expired
            && expired - now <= _options.MinimumDelay
            && backoff > _options.ExpiredRetryMaximum)
        {
            // The destination holds dead credentials: retry often enough to replace them within seconds of Vault's return.
            due = Floor(now + _options.ExpiredRetryMaximum, now);
            return new LeaseDecision(action, due, Describe($"{failedAction} failed and the lease expired at {expired:O}; retry after {_options.ExpiredRetryMaximum}"));
        }

        if (lease.Kind is LeaseKind.Leased or LeaseKind.Certificate
            && history.CurrentExpiry(lease) is { } expiry
            && expiry - now > _options.MinimumDelay)
        {
            TimeSpan half = (expiry - now) / 2;
            DateTimeOffset latest = expiry - (_options.ExpiryMargin < half ? _options.ExpiryMargin : half);
            if (due > latest)
            {
                // Each retry near the end takes at most half of what is left: a few attempts, never a busy loop.
                due = Floor(latest, now);
                return new LeaseDecision(action, due, Describe($"{failedAction} failed; retry before the lease expires at {expiry:O}"));
            }
        }

        return new LeaseDecision(action, due, Describe($"{failedAction} failed; retry after {backoff}"));
    }

    /// <summary>Decides when a lease that was replaced by a re-issued secret should be revoked.</summary>
    /// <param name="oldLease">The lease that was replaced.</param>
    /// <param name="oldHistory">The renewals of <paramref name="oldLease"/>.</param>
    /// <param name="replacedAt">When consumers got the new value.</param>
    /// <returns>
    /// <paramref name="replacedAt"/> plus <see cref="LeasePlanOptions.RevokeOldLeaseAfter"/>; or <see langword="null"/> to
    /// let the old lease expire, when that option is <see langword="null"/>, the secret has no lease id, or the lease
    /// expires before the grace period ends anyway.
    /// </returns>
    /// <exception cref="ArgumentNullException"><paramref name="oldLease"/> or <paramref name="oldHistory"/> is <see langword="null"/>.</exception>
    public DateTimeOffset? RevokeOldLeaseAt(LeaseInfo oldLease, LeaseHistory oldHistory, DateTimeOffset replacedAt)
    {
        ArgumentNullException.ThrowIfNull(oldLease);
        ArgumentNullException.ThrowIfNull(oldHistory);
        if (_options.RevokeOldLeaseAfter is not { } grace || oldLease.LeaseId.Length == 0)
        {
            return null;
        }

        DateTimeOffset revokeAt = replacedAt + grace;
        return oldHistory.CurrentExpiry(oldLease) is { } expiry && revokeAt >= expiry ? null : revokeAt;
    }

    private LeaseDecision PlanLease(LeaseInfo lease, LeaseHistory history, DateTimeOffset now, double random)
    {
        if (history.CurrentExpiry(lease) is not { } expiry)
        {
            // Vault gave no lifetime; re-issuing at once would hammer it, so treat it like a secret without a lease.
            return PlanInterval(LeaseAction.Reissue, lease.ObtainedAt, _options.RefreshInterval, now, random, "the lease has no duration");
        }

        DateTimeOffset termStart = history.Last?.RenewedAt ?? lease.ObtainedAt;
        if (!lease.Renewable)
        {
            return PlanBeforeExpiry(LeaseAction.Reissue, termStart, expiry, _options.ReissueFraction, now, random, "the lease is not renewable");
        }

        if (history.HasStoppedExtending(lease))
        {
            return PlanBeforeExpiry(
                LeaseAction.Reissue, termStart, expiry, _options.ReissueFraction, now, random, "renewal stopped extending the lease (max TTL reached)");
        }

        return PlanBeforeExpiry(LeaseAction.Renew, termStart, expiry, _options.RenewFraction, now, random, "the lease is renewable");
    }

    private LeaseDecision PlanBeforeExpiry(
        LeaseAction action, DateTimeOffset termStart, DateTimeOffset expiry, double fraction, DateTimeOffset now, double random, string why)
    {
        TimeSpan term = expiry - termStart;
        if (expiry - now <= _options.MinimumDelay || term <= TimeSpan.Zero)
        {
            // Renewing an expired lease fails, so whatever was planned, the only useful action left is a new secret.
            return new LeaseDecision(LeaseAction.Reissue, now + _options.MinimumDelay, Describe($"{why}; it expires at {expiry:O}, within the minimum delay"));
        }

        double jittered = fraction + Jitter(random);
        DateTimeOffset target = termStart + (term * jittered);

        // Keep the margin before expiry, but never let it eat more than half of a short term.
        TimeSpan margin = _options.ExpiryMargin < term / 2 ? _options.ExpiryMargin : term / 2;
        DateTimeOffset latest = expiry - margin;
        DateTimeOffset due = Floor(target < latest ? target : latest, now);
        return new LeaseDecision(action, due, Describe($"{why}; {action} at {jittered * 100:0.#}% of the {term} term, before expiry at {expiry:O}"));
    }

    private LeaseDecision PlanRefresh(LeaseInfo lease, DateTimeOffset now, double random)
    {
        bool hinted = lease.Duration > TimeSpan.Zero && lease.Duration < _options.RefreshInterval;
        return PlanInterval(
            LeaseAction.Refresh, lease.ObtainedAt, hinted ? lease.Duration : _options.RefreshInterval, now, random, hinted ? "the secret's ttl hint" : "the secret has no lease");
    }

    private LeaseDecision PlanInterval(LeaseAction action, DateTimeOffset from, TimeSpan interval, DateTimeOffset now, double random, string why)
    {
        DateTimeOffset due = Floor(from + (interval * (1 + Jitter(random))), now);
        return new LeaseDecision(action, due, Describe($"{why}; {action} every {interval}"));
    }

    private LeaseDecision PlanReread(LeaseInfo lease, DateTimeOffset now, double random)
    {
        DateTimeOffset rotation = lease.ExpiresAt ?? lease.ObtainedAt;
        DateTimeOffset due = Floor(rotation + _options.StaticRoleRereadDelay + (_options.StaticRoleRereadJitter * random), now);
        return new LeaseDecision(LeaseAction.Reread, due, Describe($"the static role rotates at {rotation:O}; re-read just after"));
    }

    private double Jitter(double random) => _options.JitterFraction * (random - 0.5);

    private DateTimeOffset Floor(DateTimeOffset due, DateTimeOffset now)
    {
        DateTimeOffset earliest = now + _options.MinimumDelay;
        return due > earliest ? due : earliest;
    }

    private static string Describe(FormattableString reason) => reason.ToString(CultureInfo.InvariantCulture);
}
