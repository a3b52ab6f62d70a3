// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Globalization;

namespace Vault.Kubernetes.Leases;

/// <summary>Describes the lifetime of one secret read from Vault: what governs it and when it stops being valid.</summary>
/// <remarks>
/// It holds timing facts only, never the secret value, so it is safe to log. Create it with the factory that
/// matches the response: <see cref="ForLease"/> for <c>lease_id</c>/<c>lease_duration</c>/<c>renewable</c>,
/// <see cref="ForNonLeased"/> for KV, <see cref="ForStaticRole"/> for <c>static-creds</c> <c>ttl</c>, and
/// <see cref="ForCertificate"/> for a PKI <c>expiration</c>.
/// </remarks>
internal sealed class LeaseInfo
{
    private LeaseInfo(
        LeaseKind kind,
        string leaseId,
        TimeSpan duration,
        bool renewable,
        DateTimeOffset obtainedAt,
        DateTimeOffset? expiresAt)
    {
        Kind = kind;
        LeaseId = leaseId;
        Duration = duration;
        Renewable = renewable;
        ObtainedAt = obtainedAt;
        ExpiresAt = expiresAt;
    }

    /// <summary>Gets what governs the lifetime of the secret.</summary>
    public LeaseKind Kind { get; }

    /// <summary>Gets the Vault lease id, or an empty string when the secret has no lease.</summary>
    public string LeaseId { get; }

    /// <summary>Gets the lifetime Vault granted when the secret was read: the lease duration, the time until the static role rotates, the certificate validity, or the refresh hint of a KV secret.</summary>
    public TimeSpan Duration { get; }

    /// <summary>Gets a value indicating whether Vault allows the lease to be renewed.</summary>
    public bool Renewable { get; }

    /// <summary>Gets when the secret was read from Vault.</summary>
    public DateTimeOffset ObtainedAt { get; }

    /// <summary>Gets when the held value stops being valid, or <see langword="null"/> when Vault gave no lifetime.</summary>
    /// <value>
    /// <see cref="ObtainedAt"/> plus <see cref="Duration"/> for a lease with a positive duration; the next rotation for a
    /// static role; the certificate expiration; <see langword="null"/> for KV and for a lease whose duration is zero or negative.
    /// </value>
    public DateTimeOffset? ExpiresAt { get; }

    /// <summary>Gets the time from <see cref="ObtainedAt"/> until the static role rotates (the <c>ttl</c> field), or <see langword="null"/> for other kinds.</summary>
    public TimeSpan? StaticTtl { get; private init; }

    /// <summary>Gets the rotation period of a static role, or <see langword="null"/> when unknown (cron schedules) or for other kinds.</summary>
    public TimeSpan? RotationPeriod { get; private init; }

    /// <summary>Gets the expiration (NotAfter) of an issued certificate, or <see langword="null"/> for other kinds.</summary>
    public DateTimeOffset? CertificateExpiration { get; private init; }

    /// <summary>Gets the KV v2 version that was read, or <see langword="null"/> for KV v1 and other kinds.</summary>
    public int? KvVersion { get; private init; }

    /// <summary>Describes a secret that came with a Vault lease.</summary>
    /// <param name="leaseId">The <c>lease_id</c> from the response.</param>
    /// <param name="duration">The <c>lease_duration</c>; zero or negative means Vault gave no lifetime.</param>
    /// <param name="renewable">The <c>renewable</c> flag from the response.</param>
    /// <param name="obtainedAt">When the secret was read.</param>
    /// <returns>A <see cref="LeaseKind.Leased"/> description.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="leaseId"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="leaseId"/> is empty.</exception>
    public static LeaseInfo ForLease(string leaseId, TimeSpan duration, bool renewable, DateTimeOffset obtainedAt)
    {
        ArgumentException.ThrowIfNullOrEmpty(leaseId);
        DateTimeOffset? expiresAt = duration > TimeSpan.Zero ? obtainedAt + duration : null;
        return new LeaseInfo(LeaseKind.Leased, leaseId, duration, renewable, obtainedAt, expiresAt);
    }

    /// <summary>Describes a secret without a lease, such as a KV entry.</summary>
    /// <param name="obtainedAt">When the secret was last read, or last found unchanged by a cheap version check.</param>
    /// <param name="kvVersion">The KV v2 version that was read, if any.</param>
    /// <param name="refreshHint">A lifetime Vault suggested (the KV v1 <c>ttl</c>); used when shorter than the refresh interval, ignored when zero.</param>
    /// <returns>A <see cref="LeaseKind.NonLeased"/> description.</returns>
    public static LeaseInfo ForNonLeased(DateTimeOffset obtainedAt, int? kvVersion = null, TimeSpan refreshHint = default) =>
        new(LeaseKind.NonLeased, string.Empty, refreshHint, renewable: false, obtainedAt, expiresAt: null) { KvVersion = kvVersion };

    /// <summary>Describes static role credentials, which stay valid until Vault rotates them.</summary>
    /// <param name="ttl">The <c>ttl</c> field: the time until the next rotation; negative values count as zero.</param>
    /// <param name="rotationPeriod">The <c>rotation_period</c> field, if present.</param>
    /// <param name="obtainedAt">When the credentials were read.</param>
    /// <returns>A <see cref="LeaseKind.StaticRole"/> description whose <see cref="ExpiresAt"/> is the next rotation.</returns>
    public static LeaseInfo ForStaticRole(TimeSpan ttl, TimeSpan? rotationPeriod, DateTimeOffset obtainedAt)
    {
        TimeSpan untilRotation = ttl > TimeSpan.Zero ? ttl : TimeSpan.Zero;
        return new(LeaseKind.StaticRole, string.Empty, untilRotation, renewable: false, obtainedAt, obtainedAt + untilRotation)
        {
            StaticTtl = untilRotation,
            RotationPeriod = rotationPeriod,
        };
    }

    /// <summary>Describes an issued certificate, which is valid until its expiration.</summary>
    /// <param name="expiration">The <c>expiration</c> field (NotAfter).</param>
    /// <param name="obtainedAt">When the certificate was issued.</param>
    /// <param name="leaseId">The <c>lease_id</c> when the role generates leases, so the certificate can be revoked; otherwise <see langword="null"/>.</param>
    /// <returns>A <see cref="LeaseKind.Certificate"/> description.</returns>
    public static LeaseInfo ForCertificate(DateTimeOffset expiration, DateTimeOffset obtainedAt, string? leaseId = null) =>
        new(LeaseKind.Certificate, leaseId ?? string.Empty, expiration - obtainedAt, renewable: false, obtainedAt, expiration)
        {
            CertificateExpiration = expiration,
        };

    /// <summary>Returns the kind, lease id and lifetime; the secret value is never held here.</summary>
    /// <returns>A one-line description for logs.</returns>
    public override string ToString()
    {
        string expires = ExpiresAt is { } at ? at.ToString("O", CultureInfo.InvariantCulture) : "never";
        string id = LeaseId.Length == 0 ? "(no lease)" : LeaseId;
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{Kind} {id}, obtained {ObtainedAt:O}, duration {Duration}, renewable {Renewable}, expires {expires}");
    }
}
