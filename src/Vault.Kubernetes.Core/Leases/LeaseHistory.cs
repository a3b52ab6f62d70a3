// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;

namespace Vault.Kubernetes.Leases;

/// <summary>The renewals of one lease so far, kept as the little the plan needs: the count and the last two renewals.</summary>
/// <remarks>
/// It is immutable; <see cref="Append"/> returns a new history. Only the last renewal and the one before it are kept,
/// so a lease renewed every minute for a month still uses constant memory. Start a new history when a secret is re-issued.
/// </remarks>
internal sealed class LeaseHistory
{
    private readonly LeaseRenewal? _previous;

    private LeaseHistory(int count, LeaseRenewal? last, LeaseRenewal? previous)
    {
        Count = count;
        Last = last;
        _previous = previous;
    }

    /// <summary>Gets the history of a lease that has not been renewed yet.</summary>
    public static LeaseHistory Empty { get; } = new(0, null, null);

    /// <summary>Gets how many renewals were recorded.</summary>
    public int Count { get; }

    /// <summary>Gets the latest renewal, or <see langword="null"/> when there was none.</summary>
    public LeaseRenewal? Last { get; }

    /// <summary>Returns a history with <paramref name="renewal"/> added as the latest renewal.</summary>
    /// <param name="renewal">The renewal Vault just answered.</param>
    /// <returns>A new history; this one is unchanged.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="renewal"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="renewal"/> happened before the latest recorded renewal.</exception>
    public LeaseHistory Append(LeaseRenewal renewal)
    {
        ArgumentNullException.ThrowIfNull(renewal);
        if (Last is not null && renewal.RenewedAt < Last.RenewedAt)
        {
            throw new ArgumentException("Renewals must be appended in time order: RenewedAt is before the latest recorded renewal.", nameof(renewal));
        }

        return new LeaseHistory(Count + 1, renewal, Last);
    }

    /// <summary>Returns when <paramref name="lease"/> expires, taking the latest renewal into account.</summary>
    /// <param name="lease">The lease this history belongs to.</param>
    /// <returns>The expiry set by the latest renewal, else <see cref="LeaseInfo.ExpiresAt"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="lease"/> is <see langword="null"/>.</exception>
    public DateTimeOffset? CurrentExpiry(LeaseInfo lease)
    {
        ArgumentNullException.ThrowIfNull(lease);
        return Last?.ExpiresAt ?? lease.ExpiresAt;
    }

    /// <summary>Returns whether the latest renewal of <paramref name="lease"/> no longer extended it (max TTL reached, or no longer renewable).</summary>
    /// <param name="lease">The lease this history belongs to.</param>
    /// <returns><see langword="true"/> when the latest renewal stopped extending the lease; <see langword="false"/> when it extended it or there was none.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="lease"/> is <see langword="null"/>.</exception>
    public bool HasStoppedExtending(LeaseInfo lease)
    {
        ArgumentNullException.ThrowIfNull(lease);
        return Last is not null && Last.StoppedExtending(_previous?.ExpiresAt ?? lease.ExpiresAt);
    }
}
