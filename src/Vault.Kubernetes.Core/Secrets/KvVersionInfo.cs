// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Globalization;

namespace Vault.Kubernetes.Secrets;

/// <summary>The metadata of one KV v2 version, as returned by a write or listed in <see cref="KvMetadata.Versions"/>.</summary>
public sealed class KvVersionInfo
{
    internal KvVersionInfo()
    {
    }

    /// <summary>Gets the version number.</summary>
    public int Version { get; internal init; }

    /// <summary>Gets when the version was created.</summary>
    public DateTimeOffset? CreatedTime { get; internal init; }

    /// <summary>Gets when the version was or will be soft-deleted, or <see langword="null"/>.</summary>
    public DateTimeOffset? DeletionTime { get; internal init; }

    /// <summary>Gets a value indicating whether the version was destroyed.</summary>
    public bool Destroyed { get; internal init; }

    /// <summary>Gets the key-level custom metadata, when Vault returned it with the version.</summary>
    public IReadOnlyDictionary<string, string> CustomMetadata { get; internal init; } = KvSecret.s_noMetadata;

    /// <inheritdoc/>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"KvVersionInfo {{ Version = {Version}, CreatedTime = {CreatedTime:O}, DeletionTime = {DeletionTime:O}, Destroyed = {Destroyed} }}");
}
