// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Text.Json.Nodes;

namespace Vault.Kubernetes.Testing.Internal;

/// <summary>A registered secret lease (dynamic credentials); KV never registers leases.</summary>
internal sealed class Lease
{
    /// <summary>Gets the lease id ("database/creds/ro/&lt;24 base62&gt;").</summary>
    public required string Id { get; init; }

    /// <summary>Gets the request path that created the lease.</summary>
    public required string Path { get; init; }

    /// <summary>Gets the issue time; the max TTL counts from here.</summary>
    public required DateTimeOffset IssueTime { get; init; }

    /// <summary>Gets or sets the TTL last granted.</summary>
    public TimeSpan Ttl { get; set; }

    /// <summary>Gets or sets the effective max TTL from <see cref="IssueTime"/>.</summary>
    public TimeSpan MaxTtl { get; set; }

    /// <summary>Gets or sets the expiry time.</summary>
    public DateTimeOffset ExpireTime { get; set; }

    /// <summary>Gets or sets the last renewal time (null until renewed).</summary>
    public DateTimeOffset? LastRenewal { get; set; }

    /// <summary>Gets or sets a value indicating whether the lease can be renewed.</summary>
    public bool Renewable { get; set; }

    /// <summary>Gets the id of the token that created the lease (revoking the token revokes the lease).</summary>
    public string? TokenId { get; init; }

    /// <summary>Gets the type of the mount that issued it ("database").</summary>
    public string MountType { get; init; } = string.Empty;

    /// <summary>Gets or sets engine-private state (e.g. the database user name).</summary>
    public JsonObject? InternalData { get; set; }

    /// <summary>Gets or sets a hook the engine runs when the lease is revoked or expires (drop the database user).</summary>
    public Action<Lease>? OnRevoke { get; set; }

    /// <summary>Gets or sets a hook run before renewal; returns an error text to refuse.</summary>
    public Func<Lease, string?>? RenewCheck { get; set; }

    /// <summary>Remaining TTL at <paramref name="now"/>.</summary>
    public TimeSpan Remaining(DateTimeOffset now) =>
        ExpireTime > now ? TimeSpan.FromSeconds(Durations.Seconds(ExpireTime - now)) : TimeSpan.Zero;
}
