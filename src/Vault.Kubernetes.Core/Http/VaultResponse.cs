// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;

namespace Vault.Kubernetes.Http;

/// <summary>The response envelope Vault wraps around every logical answer (<c>request_id</c>, lease, <c>data</c>, <c>auth</c>, ...).</summary>
/// <remarks>Create instances in tests with <c>Vault.Kubernetes.Secrets.VaultModelFactory</c>. <see cref="ToString"/> never prints <see cref="Data"/> or a token.</remarks>
public sealed class VaultResponse
{
    internal static readonly IReadOnlyList<string> s_noStrings = [];

    internal VaultResponse()
    {
    }

    /// <summary>Gets the Vault request ID.</summary>
    /// <value>An empty string when Vault sent none (204 answers, wrapped responses).</value>
    public string RequestId { get; internal init; } = string.Empty;

    /// <summary>Gets the lease ID of a leased secret.</summary>
    /// <value>An empty string when the secret has no lease (KV, static credentials).</value>
    public string LeaseId { get; internal init; } = string.Empty;

    /// <summary>Gets a value indicating whether the lease can be renewed.</summary>
    public bool Renewable { get; internal init; }

    /// <summary>Gets the lease duration (for KV v1, the advisory refresh interval).</summary>
    public TimeSpan LeaseDuration { get; internal init; }

    /// <summary>Gets the <c>data</c> object, or <see langword="null"/> when Vault sent none.</summary>
    /// <remarks>For KV v2 reads it holds <c>data</c> and <c>metadata</c>; prefer the KV extension methods in <c>Vault.Kubernetes.Secrets</c>, which return a <c>KvSecret</c>.</remarks>
    public JsonElement? Data { get; internal init; }

    /// <summary>Gets Vault's warnings (for example when a renewal was capped at the max TTL).</summary>
    public IReadOnlyList<string> Warnings { get; internal init; } = s_noStrings;

    /// <summary>Gets the <c>auth</c> block of login and token responses, or <see langword="null"/>.</summary>
    public VaultAuthInfo? Auth { get; internal init; }

    /// <summary>Gets the <c>wrap_info</c> block of a wrapped response, or <see langword="null"/>.</summary>
    public VaultWrapInfo? WrapInfo { get; internal init; }

    /// <summary>Gets the type of the mount that served the request (<c>kv</c>, <c>database</c>, ...), when Vault reported it.</summary>
    public string? MountType { get; internal init; }

    /// <summary>Gets the HTTP status code of the answer (200, 202, 204, or 404 for a deleted KV v2 version).</summary>
    public int StatusCode { get; internal init; }

    /// <summary>Returns a description without data, tokens or secret values.</summary>
    /// <returns>The status, request ID, lease and which blocks are present.</returns>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"VaultResponse {{ StatusCode = {StatusCode}, RequestId = {RequestId}, LeaseId = {LeaseId}, Renewable = {Renewable}, LeaseDuration = {LeaseDuration}, MountType = {MountType}, Data = {(Data is null ? "null" : "[REDACTED]")}, Auth = {(Auth is null ? "null" : Auth.ToString())}, WrapInfo = {(WrapInfo is null ? "null" : WrapInfo.ToString())}, Warnings = {Warnings.Count} }}");
}
