// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using Vault.Kubernetes.Secrets;
using Vault.Kubernetes.Sync;

namespace Vault.Kubernetes.Configuration;

/// <summary>Configures one Vault secret (or KV folder) exposed as configuration.</summary>
public sealed class VaultSecretOptions
{
    /// <summary>Gets or sets the Vault path, for example <c>secret/my-app</c> (KV) or <c>database/creds/my-app</c> (dynamic).</summary>
    /// <value>Required.</value>
    public string? Path { get; set; }

    /// <summary>Gets or sets how the secret is read and refreshed.</summary>
    /// <value>Default: <see cref="SecretSourceKind.Kv"/> (the KV version is detected); paths under <c>database/creds</c>, <c>aws/creds</c> and <c>pki/issue</c> are better declared <see cref="SecretSourceKind.Dynamic"/>.</value>
    public SecretSourceKind Kind { get; set; } = SecretSourceKind.Kv;

    /// <summary>Gets or sets the configuration section the secret's keys go under, for example <c>Database</c>.</summary>
    /// <value>Default: <see langword="null"/> (the keys go to the root, after <see cref="VaultKubernetesOptions.KeyPrefix"/>).</value>
    public string? Section { get; set; }

    /// <summary>Gets or sets the KV version 2 version to pin.</summary>
    /// <value>Default: <see langword="null"/> (the current version, refreshed).</value>
    public int? Version { get; set; }

    /// <summary>Gets or sets a value indicating whether <see cref="Path"/> is a KV folder whose secrets are all loaded, recursively, each under a section named after its relative path.</summary>
    /// <value>Default: <see langword="false"/>.</value>
    public bool Recursive { get; set; }

    /// <summary>Gets or sets composite values built from the secret's data: key to template, for example <c>ConnectionString</c> = <c>Host=db;Username={{ .Data.username }};Password={{ .Data.password }}</c>.</summary>
    /// <value>Default: empty. The templates use the Vault Agent template language; <c>.Data</c> is the secret's data.</value>
    public Dictionary<string, string> Templates { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Gets or sets the request body of a dynamic secret that needs one, such as <c>common_name</c> for <c>pki/issue</c>.</summary>
    /// <value>Default: empty.</value>
    public Dictionary<string, string> Body { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Gets or sets how often this secret is re-checked, overriding <see cref="VaultKubernetesOptions.RefreshInterval"/>.</summary>
    /// <value>Default: <see langword="null"/>.</value>
    public TimeSpan? RefreshInterval { get; set; }
}
