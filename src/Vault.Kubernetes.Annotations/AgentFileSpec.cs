// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.IO;
using Vault.Kubernetes.Secrets;
using Vault.Kubernetes.Sync;

namespace Vault.Kubernetes.Annotations;

/// <summary>One file the agent renders: which secret, how, where, with which mode and which command to run after a change.</summary>
public sealed record AgentFileSpec
{
    /// <summary>Gets the secret's name (the <c>&lt;name&gt;</c> of its annotations).</summary>
    public required string Name { get; init; }

    /// <summary>Gets where the secret was declared (annotation or JSON path), for messages.</summary>
    public required string Source { get; init; }

    /// <summary>Gets the Vault path, without a <c>?version=</c> query.</summary>
    public required string SecretPath { get; init; }

    /// <summary>Gets the pinned KV version 2 version, or <see langword="null"/> for the current one.</summary>
    public int? Version { get; init; }

    /// <summary>Gets how the secret is read and refreshed.</summary>
    public SecretSourceKind Kind { get; init; }

    /// <summary>Gets the absolute path of the rendered file.</summary>
    public required string Destination { get; init; }

    /// <summary>Gets the file's mode.</summary>
    /// <value>Default: 0600.</value>
    public UnixFileMode Mode { get; init; } = AgentDefaults.FileMode;

    /// <summary>Gets the shell command run after the file changed, or <see langword="null"/>.</summary>
    public string? Command { get; init; }

    /// <summary>Gets the template text, or <see langword="null"/> for the default format.</summary>
    public string? Template { get; init; }

    /// <summary>Gets where the template came from (annotation, JSON path or file), for template errors.</summary>
    public string? TemplateSource { get; init; }

    /// <summary>Gets the default format used when there is no template.</summary>
    public DefaultTemplateFormat DefaultFormat { get; init; }

    /// <summary>Gets a value indicating whether a missing map key fails the render instead of printing <c>&lt;no value&gt;</c>.</summary>
    public bool ErrorOnMissingKey { get; init; }

    /// <summary>Gets the template's left delimiter, or <see langword="null"/> for <c>{{</c>.</summary>
    public string? LeftDelimiter { get; init; }

    /// <summary>Gets the template's right delimiter, or <see langword="null"/> for <c>}}</c>.</summary>
    public string? RightDelimiter { get; init; }
}
