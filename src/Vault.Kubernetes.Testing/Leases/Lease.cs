// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Threading;

namespace Vault.Kubernetes.Testing.Leases;

/// <summary>One lease held by the <see cref="LeaseRegistry"/>; mutable parts change only under the registry's lock.</summary>
internal sealed class Lease
{
    internal Lease(string id, string path, DateTimeOffset issueTime, LeaseTerms terms, bool renewable, string? ownerToken, ILeaseBackend? backend, object? state)
    {
        Id = id;
        Path = path;
        IssueTime = issueTime;
        Terms = terms;
        Renewable = renewable;
        OwnerToken = ownerToken;
        Backend = backend;
        State = state;
    }

    /// <summary>Gets the lease id: the creation path, a slash and 24 random base62 characters.</summary>
    public string Id { get; }

    /// <summary>Gets the request path that created the lease (for example "database/creds/readonly").</summary>
    public string Path { get; }

    /// <summary>Gets the time the lease was issued; the max TTL is measured from here.</summary>
    public DateTimeOffset IssueTime { get; }

    /// <summary>Gets the terms given at issue time (used for renewals when there is no backend).</summary>
    public LeaseTerms Terms { get; }

    /// <summary>Gets a value indicating whether the lease can be renewed.</summary>
    public bool Renewable { get; }

    /// <summary>Gets the client token that created the lease, if any (revoking the token revokes the lease).</summary>
    public string? OwnerToken { get; }

    /// <summary>Gets the engine that owns the lease.</summary>
    public ILeaseBackend? Backend { get; }

    /// <summary>Gets engine-specific state (for example the database username the lease stands for).</summary>
    public object? State { get; }

    /// <summary>Gets the time the lease expires.</summary>
    public DateTimeOffset ExpireTime { get; internal set; }

    /// <summary>Gets the time of the last successful renewal, or <see langword="null"/> if never renewed.</summary>
    public DateTimeOffset? LastRenewal { get; internal set; }

    internal ITimer? ReapTimer { get; set; }

    /// <summary>Returns the remaining lifetime at <paramref name="now"/> (zero once expired).</summary>
    public TimeSpan RemainingAt(DateTimeOffset now) => ExpireTime > now ? ExpireTime - now : TimeSpan.Zero;
}
