// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Text.Json;

namespace Vault.Kubernetes.Templates;

/// <summary>Options for one render of a <see cref="VaultTemplate"/>.</summary>
public sealed class TemplateRenderOptions
{
    /// <summary>Gets or sets the lookup used by <c>env</c> and <c>envOrDefault</c>; it returns <see langword="null"/> for an unset variable.</summary>
    /// <value>The default is <see langword="null"/>, which reads the process environment.</value>
    public Func<string, string?>? EnvironmentLookup { get; set; }

    /// <summary>Gets or sets a value indicating whether a field naming a missing map key fails the render (Vault Agent's <c>error_on_missing_key</c>).</summary>
    /// <value>The default is <see langword="false"/>: a missing key renders as <c>&lt;no value&gt;</c>, as in Go templates.</value>
    public bool ErrorOnMissingKey { get; set; }

    /// <summary>Gets or sets the value of <c>.</c> (and <c>$</c>) where the render starts, for templates that read data handed to them rather than calling <c>secret</c>.</summary>
    /// <value>The default is <see langword="null"/>: <c>.</c> starts as Go's nil. The Vault Secrets Operator's templates read <c>.Secrets</c>, <c>.Annotations</c> and <c>.Labels</c> from it.</value>
    public JsonElement? Data { get; set; }
}
