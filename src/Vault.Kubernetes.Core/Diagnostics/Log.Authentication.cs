// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using Microsoft.Extensions.Logging;

namespace Vault.Kubernetes.Diagnostics;

/// <summary>Log messages of Vault sessions and auth methods (EventIds 1100-1199). Mounts, roles and times only: never a token or JWT.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1100, EventName = "VaultLoginSucceeded", Level = LogLevel.Information,
        Message = "Logged in to Vault at auth/{MountPath} (role {Role}); token TTL {Ttl}, renewable {Renewable}, next refresh at {NextRefreshAt}.")]
    public static partial void VaultLoginSucceeded(this ILogger logger, string mountPath, string? role, TimeSpan ttl, bool renewable, DateTimeOffset? nextRefreshAt);

    [LoggerMessage(EventId = 1101, EventName = "VaultLoginFailed", Level = LogLevel.Warning,
        Message = "Vault login at auth/{MountPath} (role {Role}) failed ({FailureCount} in a row): {Reason} Next attempt in {RetryDelay}.")]
    public static partial void VaultLoginFailed(this ILogger logger, string mountPath, string? role, int failureCount, string reason, TimeSpan retryDelay, Exception? exception);

    [LoggerMessage(EventId = 1102, EventName = "VaultTokenRenewed", Level = LogLevel.Debug,
        Message = "Renewed the Vault token of auth/{MountPath} (role {Role}); TTL {Ttl}, next refresh at {NextRefreshAt}.")]
    public static partial void VaultTokenRenewed(this ILogger logger, string mountPath, string? role, TimeSpan ttl, DateTimeOffset? nextRefreshAt);

    [LoggerMessage(EventId = 1103, EventName = "VaultTokenRenewalFailed", Level = LogLevel.Warning,
        Message = "Renewing the Vault token of auth/{MountPath} (role {Role}) failed; logging in again.")]
    public static partial void VaultTokenRenewalFailed(this ILogger logger, string mountPath, string? role, Exception exception);

    [LoggerMessage(EventId = 1104, EventName = "VaultTokenRenewalCapped", Level = LogLevel.Information,
        Message = "The Vault token of auth/{MountPath} (role {Role}) can no longer be extended (TTL {Ttl}); logging in again at {LoginAt}, before it expires at {ExpiresAt}.")]
    public static partial void VaultTokenRenewalCapped(this ILogger logger, string mountPath, string? role, TimeSpan ttl, DateTimeOffset? loginAt, DateTimeOffset? expiresAt);

    [LoggerMessage(EventId = 1105, EventName = "VaultSessionTokenRejected", Level = LogLevel.Information,
        Message = "Vault rejected the token of auth/{MountPath} (role {Role}) as invalid; the next request logs in again.")]
    public static partial void VaultSessionTokenRejected(this ILogger logger, string mountPath, string? role);

    [LoggerMessage(EventId = 1106, EventName = "VaultTokenRevoked", Level = LogLevel.Information,
        Message = "Revoked the Vault token of auth/{MountPath} (role {Role}).")]
    public static partial void VaultTokenRevoked(this ILogger logger, string mountPath, string? role);

    [LoggerMessage(EventId = 1107, EventName = "VaultTokenRevocationFailed", Level = LogLevel.Warning,
        Message = "Revoking the Vault token of auth/{MountPath} (role {Role}) failed; it stays valid until it expires.")]
    public static partial void VaultTokenRevocationFailed(this ILogger logger, string mountPath, string? role, Exception exception);

    [LoggerMessage(EventId = 1108, EventName = "VaultSessionEventHandlerFailed", Level = LogLevel.Warning,
        Message = "A handler of the Vault session event {EventName} threw; the session carries on.")]
    public static partial void VaultSessionEventHandlerFailed(this ILogger logger, string eventName, Exception exception);

    [LoggerMessage(EventId = 1109, EventName = "VaultSessionStopped", Level = LogLevel.Debug,
        Message = "Stopped the Vault session of auth/{MountPath} (role {Role}).")]
    public static partial void VaultSessionStopped(this ILogger logger, string mountPath, string? role);

    [LoggerMessage(EventId = 1110, EventName = "VaultSessionOpened", Level = LogLevel.Debug,
        Message = "Opened a Vault session for {Identity} ({Sessions} session(s) cached).")]
    public static partial void VaultSessionOpened(this ILogger logger, string identity, int sessions);

    [LoggerMessage(EventId = 1111, EventName = "VaultSessionClosed", Level = LogLevel.Debug,
        Message = "Closed the unused Vault session of {Identity} ({Sessions} session(s) cached).")]
    public static partial void VaultSessionClosed(this ILogger logger, string identity, int sessions);
}
