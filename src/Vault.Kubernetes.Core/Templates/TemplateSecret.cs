// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Text.Json;

namespace Vault.Kubernetes.Templates;

/// <summary>A secret as a template sees it: the fields of consul-template's secret object (<c>.Data</c>, <c>.LeaseID</c>, <c>.LeaseDuration</c>, ...).</summary>
/// <remarks>
/// <see cref="Data"/> is the <c>data</c> object of the Vault response envelope, so a KV v2 read exposes
/// <c>.Data.data.&lt;key&gt;</c> and <c>.Data.metadata.version</c>, while KV v1 and dynamic secrets expose <c>.Data.&lt;key&gt;</c>.
/// <see cref="ToString"/> never prints the data.
/// </remarks>
public sealed class TemplateSecret
{
    /// <summary>Initializes a new instance of the <see cref="TemplateSecret"/> class.</summary>
    /// <param name="data">The response's <c>data</c> object (an object or JSON <c>null</c>); it is cloned so the caller may dispose its document.</param>
    /// <exception cref="ArgumentException"><paramref name="data"/> is neither an object nor <c>null</c>.</exception>
    public TemplateSecret(JsonElement data)
    {
        if (data.ValueKind is not (JsonValueKind.Object or JsonValueKind.Null or JsonValueKind.Undefined))
        {
            throw new ArgumentException("The secret data must be a JSON object or null.", nameof(data));
        }

        Data = data.ValueKind == JsonValueKind.Undefined ? default : data.Clone();
    }

    /// <summary>Gets the response's <c>data</c> object (<c>.Data</c> in templates); <see cref="JsonValueKind.Undefined"/> or <c>null</c> when absent.</summary>
    public JsonElement Data { get; }

    /// <summary>Gets the Vault request ID (<c>.RequestID</c>).</summary>
    /// <value>The default is an empty string.</value>
    public string RequestId { get; init; } = string.Empty;

    /// <summary>Gets the lease ID (<c>.LeaseID</c>); empty for secrets without a lease such as KV.</summary>
    /// <value>The default is an empty string.</value>
    public string LeaseId { get; init; } = string.Empty;

    /// <summary>Gets the lease duration in seconds (<c>.LeaseDuration</c>).</summary>
    /// <value>The default is 0.</value>
    public long LeaseDuration { get; init; }

    /// <summary>Gets a value indicating whether the lease is renewable (<c>.Renewable</c>).</summary>
    /// <value>The default is <see langword="false"/>.</value>
    public bool Renewable { get; init; }

    /// <summary>Gets the warnings Vault returned (<c>.Warnings</c>).</summary>
    /// <value>The default is empty.</value>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>Returns a description without the secret data.</summary>
    /// <returns>The lease fields and a placeholder for the data.</returns>
    public override string ToString() =>
        $"TemplateSecret {{ LeaseId = {LeaseId}, LeaseDuration = {LeaseDuration}, Renewable = {Renewable}, Data = [REDACTED] }}";
}
