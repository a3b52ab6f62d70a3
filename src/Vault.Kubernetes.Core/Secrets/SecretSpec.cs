// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;

namespace Vault.Kubernetes.Secrets;

/// <summary>Describes one Vault secret to keep fresh in a destination: where it is read from, how it is refreshed and how it is shaped.</summary>
/// <remarks>Specs are immutable values; to change one, add its target again with the new spec.</remarks>
public sealed record SecretSpec
{
    /// <summary>Initializes a new instance of the <see cref="SecretSpec"/> class.</summary>
    /// <param name="name">The unique name of the spec within its target (a configuration section, a file name, a resource key).</param>
    /// <param name="path">The Vault path without <c>/v1/</c>, for example <c>secret/app</c> or <c>database/creds/app</c>.</param>
    /// <param name="kind">How the secret is read and refreshed.</param>
    /// <exception cref="ArgumentException"><paramref name="name"/> or <paramref name="path"/> is empty.</exception>
    public SecretSpec(string name, string path, SecretSourceKind kind = SecretSourceKind.Kv)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Name = name;
        Path = path.Trim('/');
        Kind = kind;
    }

    /// <summary>Gets the unique name of the spec within its target.</summary>
    public string Name { get; }

    /// <summary>Gets the Vault path, without <c>/v1/</c> and without leading or trailing slashes.</summary>
    public string Path { get; }

    /// <summary>Gets how the secret is read and refreshed.</summary>
    public SecretSourceKind Kind { get; }

    /// <summary>Gets the KV version 2 version to pin, or <see langword="null"/> for the current version.</summary>
    /// <value>Default: <see langword="null"/>.</value>
    public int? Version { get; init; }

    /// <summary>Gets a value indicating whether a dynamic secret is requested with a write (<c>POST</c>) instead of a read, as <c>pki/issue</c> needs.</summary>
    /// <value>Default: <see langword="false"/>, unless <see cref="Body"/> is set.</value>
    public bool UseWrite { get; init; }

    /// <summary>Gets the request body of a dynamic secret that needs one (for example <c>common_name</c> for <c>pki/issue</c>).</summary>
    /// <value>Default: <see langword="null"/>.</value>
    public IReadOnlyDictionary<string, string>? Body { get; init; }

    /// <summary>Gets how often a non-leased secret is re-checked, overriding the engine default.</summary>
    /// <value>Default: <see langword="null"/> (the engine's lease plan interval, <see cref="Leases.LeasePlanOptions.RefreshInterval"/>).</value>
    public TimeSpan? RefreshInterval { get; init; }

    /// <summary>Gets a value indicating whether the target may be written without this spec while it cannot be read (it is added once it can).</summary>
    /// <value>Default: <see langword="false"/>: the target is written only once this spec has a value.</value>
    public bool Optional { get; init; }

    /// <summary>Gets the transformation from the secret's data to the key/value payload written to the sink.</summary>
    /// <value>Default: <see langword="null"/> (<c>SecretDataTransform.Instance</c>: each top-level data key becomes one entry).</value>
    public ISecretTransform? Transform { get; init; }
}
