// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Text.Json;

namespace Vault.Kubernetes.Secrets;

/// <summary>One reading of a Vault secret: its data, its lease and its version, as the sync engine keeps it.</summary>
/// <remarks><see cref="ToString"/> names the lease and version but never prints the data.</remarks>
public sealed class SecretSnapshot
{
    /// <summary>Initializes a new instance of the <see cref="SecretSnapshot"/> class.</summary>
    /// <param name="data">The secret's data: for KV version 2 the inner <c>data.data</c> object, otherwise the response <c>data</c>.</param>
    /// <param name="retrievedAt">When the secret was read.</param>
    /// <exception cref="ArgumentNullException"><paramref name="data"/> is <see langword="null"/>.</exception>
    public SecretSnapshot(IReadOnlyDictionary<string, JsonElement> data, DateTimeOffset retrievedAt)
    {
        ArgumentNullException.ThrowIfNull(data);
        Data = data;
        RetrievedAt = retrievedAt;
    }

    /// <summary>Gets the secret's data.</summary>
    public IReadOnlyDictionary<string, JsonElement> Data { get; }

    /// <summary>Gets when the secret was read.</summary>
    public DateTimeOffset RetrievedAt { get; }

    /// <summary>Gets the lease id, or an empty string for secrets without a lease.</summary>
    /// <value>Default: empty.</value>
    public string LeaseId { get; init; } = string.Empty;

    /// <summary>Gets the lease duration Vault reported when the secret was read.</summary>
    /// <value>Default: <see cref="TimeSpan.Zero"/>.</value>
    public TimeSpan LeaseDuration { get; init; }

    /// <summary>Gets a value indicating whether the lease can be renewed.</summary>
    public bool Renewable { get; init; }

    /// <summary>Gets the KV version 2 version that was read, or <see langword="null"/> for other secrets.</summary>
    public int? Version { get; init; }

    /// <summary>Gets the KV version 2 secret's <c>custom_metadata</c>, which Vault returns with the data; empty for other secrets.</summary>
    /// <value>Default: empty.</value>
    public IReadOnlyDictionary<string, string> CustomMetadata { get; init; } = KvSecret.s_noMetadata;

    /// <summary>Gets the warnings Vault returned with the secret.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>Gets a value indicating whether the secret carries a lease that Vault tracks (and can renew or revoke).</summary>
    public bool HasLease => LeaseId.Length > 0;

    /// <summary>Gets when the lease ends, or <see langword="null"/> when the secret has no lease duration.</summary>
    public DateTimeOffset? ExpiresAt => LeaseDuration > TimeSpan.Zero ? RetrievedAt + LeaseDuration : null;

    /// <inheritdoc/>
    public override string ToString() =>
        $"SecretSnapshot {{ Keys = {Data.Count}, LeaseId = {(HasLease ? LeaseId : "-")}, LeaseDuration = {LeaseDuration}, Renewable = {Renewable}, Version = {Version?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"} }}";
}
