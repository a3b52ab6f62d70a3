// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Text.Json;
using Vault.Kubernetes.Http;

namespace Vault.Kubernetes.Secrets;

/// <summary>Creates the client's output models, for tests of code that consumes <see cref="VaultClient"/> (for example with a mocked client).</summary>
public static class VaultModelFactory
{
    /// <summary>Creates a <see cref="Http.VaultResponse"/>.</summary>
    /// <param name="requestId">The request ID.</param>
    /// <param name="leaseId">The lease ID.</param>
    /// <param name="renewable">Whether the lease is renewable.</param>
    /// <param name="leaseDuration">The lease duration.</param>
    /// <param name="data">The <c>data</c> object.</param>
    /// <param name="warnings">The warnings.</param>
    /// <param name="auth">The <c>auth</c> block.</param>
    /// <param name="wrapInfo">The <c>wrap_info</c> block.</param>
    /// <param name="mountType">The mount type.</param>
    /// <param name="statusCode">The HTTP status code.</param>
    /// <returns>The response.</returns>
    public static VaultResponse VaultResponse(
        string requestId = "",
        string leaseId = "",
        bool renewable = false,
        TimeSpan leaseDuration = default,
        JsonElement? data = null,
        IReadOnlyList<string>? warnings = null,
        VaultAuthInfo? auth = null,
        VaultWrapInfo? wrapInfo = null,
        string? mountType = null,
        int statusCode = 200) => new()
        {
            RequestId = requestId ?? string.Empty,
            LeaseId = leaseId ?? string.Empty,
            Renewable = renewable,
            LeaseDuration = leaseDuration,
            Data = data,
            Warnings = warnings ?? Http.VaultResponse.s_noStrings,
            Auth = auth,
            WrapInfo = wrapInfo,
            MountType = mountType,
            StatusCode = statusCode,
        };

    /// <summary>Creates a <see cref="Http.VaultAuthInfo"/>.</summary>
    /// <param name="clientToken">The token.</param>
    /// <param name="leaseDuration">The token TTL.</param>
    /// <param name="renewable">Whether the token is renewable.</param>
    /// <param name="accessor">The accessor.</param>
    /// <param name="policies">All policies.</param>
    /// <param name="tokenPolicies">The token policies.</param>
    /// <param name="metadata">The metadata.</param>
    /// <param name="entityId">The entity ID.</param>
    /// <param name="tokenType">The token type.</param>
    /// <param name="orphan">Whether the token is an orphan.</param>
    /// <param name="numUses">The number of uses.</param>
    /// <returns>The auth block.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="clientToken"/> is <see langword="null"/>.</exception>
    public static VaultAuthInfo VaultAuthInfo(
        SecretString clientToken,
        TimeSpan leaseDuration = default,
        bool renewable = false,
        string accessor = "",
        IReadOnlyList<string>? policies = null,
        IReadOnlyList<string>? tokenPolicies = null,
        IReadOnlyDictionary<string, string>? metadata = null,
        string entityId = "",
        string tokenType = "service",
        bool orphan = false,
        int numUses = 0)
    {
        ArgumentNullException.ThrowIfNull(clientToken);
        return new(clientToken)
        {
            LeaseDuration = leaseDuration,
            Renewable = renewable,
            Accessor = accessor ?? string.Empty,
            Policies = policies ?? Http.VaultResponse.s_noStrings,
            TokenPolicies = tokenPolicies ?? Http.VaultResponse.s_noStrings,
            Metadata = metadata ?? Http.VaultAuthInfo.s_noMetadata,
            EntityId = entityId ?? string.Empty,
            TokenType = tokenType ?? string.Empty,
            Orphan = orphan,
            NumUses = numUses,
        };
    }

    /// <summary>Creates a <see cref="Http.VaultWrapInfo"/>.</summary>
    /// <param name="token">The wrapping token.</param>
    /// <param name="ttl">The wrapping token TTL.</param>
    /// <param name="creationPath">The wrapped path.</param>
    /// <param name="accessor">The wrapping token accessor.</param>
    /// <param name="creationTime">The creation time.</param>
    /// <param name="wrappedAccessor">The accessor of a wrapped token.</param>
    /// <returns>The wrap info.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="token"/> is <see langword="null"/>.</exception>
    public static VaultWrapInfo VaultWrapInfo(
        SecretString token,
        TimeSpan ttl = default,
        string creationPath = "",
        string accessor = "",
        DateTimeOffset? creationTime = null,
        string? wrappedAccessor = null)
    {
        ArgumentNullException.ThrowIfNull(token);
        return new(token)
        {
            Ttl = ttl,
            CreationPath = creationPath ?? string.Empty,
            Accessor = accessor ?? string.Empty,
            CreationTime = creationTime,
            WrappedAccessor = wrappedAccessor,
        };
    }

    /// <summary>Creates a <see cref="Secrets.KvSecret"/>.</summary>
    /// <param name="mount">The mount path.</param>
    /// <param name="path">The path inside the mount.</param>
    /// <param name="status">What the read found.</param>
    /// <param name="data">The values (only kept when <paramref name="status"/> is <see cref="KvSecretStatus.Found"/>).</param>
    /// <param name="engineVersion">The KV version, 1 or 2.</param>
    /// <param name="version">The KV v2 version number.</param>
    /// <param name="createdTime">When the version was created.</param>
    /// <param name="deletionTime">When the version was deleted.</param>
    /// <param name="destroyed">Whether the version was destroyed.</param>
    /// <param name="customMetadata">The custom metadata.</param>
    /// <param name="leaseDuration">The advisory lease duration.</param>
    /// <param name="requestId">The request ID.</param>
    /// <returns>The KV read result.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="mount"/> or <paramref name="path"/> is <see langword="null"/>.</exception>
    public static KvSecret KvSecret(
        string mount,
        string path,
        KvSecretStatus status = KvSecretStatus.Found,
        IReadOnlyDictionary<string, JsonElement>? data = null,
        int engineVersion = 2,
        int? version = null,
        DateTimeOffset? createdTime = null,
        DateTimeOffset? deletionTime = null,
        bool destroyed = false,
        IReadOnlyDictionary<string, string>? customMetadata = null,
        TimeSpan leaseDuration = default,
        string requestId = "")
    {
        ArgumentNullException.ThrowIfNull(mount);
        ArgumentNullException.ThrowIfNull(path);
        return new(mount, path, engineVersion, status)
        {
            Data = status == KvSecretStatus.Found && data is not null ? data : Secrets.KvSecret.s_noData,
            Version = version,
            CreatedTime = createdTime,
            DeletionTime = deletionTime,
            Destroyed = destroyed,
            CustomMetadata = customMetadata ?? Secrets.KvSecret.s_noMetadata,
            LeaseDuration = leaseDuration,
            RequestId = requestId ?? string.Empty,
        };
    }

    /// <summary>Creates a <see cref="Secrets.KvVersionInfo"/>.</summary>
    /// <param name="version">The version number.</param>
    /// <param name="createdTime">When the version was created.</param>
    /// <param name="deletionTime">When the version was deleted.</param>
    /// <param name="destroyed">Whether the version was destroyed.</param>
    /// <returns>The version metadata.</returns>
    public static KvVersionInfo KvVersionInfo(int version, DateTimeOffset? createdTime = null, DateTimeOffset? deletionTime = null, bool destroyed = false) =>
        new() { Version = version, CreatedTime = createdTime, DeletionTime = deletionTime, Destroyed = destroyed };

    /// <summary>Creates a <see cref="Secrets.KvMountInfo"/>.</summary>
    /// <param name="path">The mount path.</param>
    /// <param name="engineVersion">The KV version, 1 or 2.</param>
    /// <param name="type">The mount type.</param>
    /// <returns>The mount description.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is <see langword="null"/>.</exception>
    public static KvMountInfo KvMountInfo(string path, int engineVersion = 2, string type = "kv")
    {
        ArgumentNullException.ThrowIfNull(path);
        return new(path.Trim('/'), type ?? string.Empty, engineVersion);
    }

    /// <summary>Creates a <see cref="Http.VaultHealth"/>.</summary>
    /// <param name="statusCode">The HTTP status.</param>
    /// <param name="initialized">Whether Vault is initialized.</param>
    /// <param name="sealed">Whether Vault is sealed.</param>
    /// <param name="standby">Whether the node is a standby.</param>
    /// <param name="version">The Vault version.</param>
    /// <returns>The health answer.</returns>
    public static VaultHealth VaultHealth(int statusCode = 200, bool initialized = true, bool @sealed = false, bool standby = false, string version = "") =>
        new() { StatusCode = statusCode, Initialized = initialized, Sealed = @sealed, Standby = standby, Version = version ?? string.Empty };
}
