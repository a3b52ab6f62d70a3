// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using Microsoft.Extensions.Logging;

namespace Vault.Kubernetes.Diagnostics;

internal static partial class Log
{
    [LoggerMessage(EventId = 1400, EventName = "SyncChanged", Level = LogLevel.Information,
        Message = "Secret {SpecName} ({SecretPath}) changed; destination updated.")]
    public static partial void SyncChanged(this ILogger logger, string specName, string secretPath);

    [LoggerMessage(EventId = 1401, EventName = "SyncUnchanged", Level = LogLevel.Debug,
        Message = "Secret {SpecName} ({SecretPath}) checked; no change.")]
    public static partial void SyncUnchanged(this ILogger logger, string specName, string secretPath);

    [LoggerMessage(EventId = 1402, EventName = "SyncLeaseRenewed", Level = LogLevel.Debug,
        Message = "Renewed the lease of {SpecName} ({SecretPath}) for {LeaseDuration}.")]
    public static partial void SyncLeaseRenewed(this ILogger logger, string specName, string secretPath, TimeSpan leaseDuration);

    [LoggerMessage(EventId = 1403, EventName = "SyncRotated", Level = LogLevel.Information,
        Message = "Re-issued {SpecName} ({SecretPath}) before its lease expired.")]
    public static partial void SyncRotated(this ILogger logger, string specName, string secretPath);

    /// <remarks>The exception (with its stack trace) is passed only when it is not one the library expects; otherwise the reason says it all.</remarks>
    [LoggerMessage(EventId = 1404, EventName = "SyncFailed", Level = LogLevel.Warning,
        Message = "Syncing {SpecName} ({SecretPath}) failed (attempt {Attempt}): {Reason} Keeping the last good value and retrying in {RetryIn}.")]
    public static partial void SyncFailed(this ILogger logger, Exception? exception, string specName, string secretPath, int attempt, string reason, TimeSpan retryIn);

    [LoggerMessage(EventId = 1410, EventName = "SyncWaitingForLogin", Level = LogLevel.Debug,
        Message = "Syncing {SpecName} ({SecretPath}) waits for a Vault login (attempt {Attempt}; the session logged why); retrying in {RetryIn}.")]
    public static partial void SyncWaitingForLogin(this ILogger logger, string specName, string secretPath, int attempt, TimeSpan retryIn);

    [LoggerMessage(EventId = 1405, EventName = "SyncScheduled", Level = LogLevel.Debug,
        Message = "Next action for {SpecName}: {Action} at {DueAt:O}.")]
    public static partial void SyncScheduled(this ILogger logger, string specName, string action, DateTimeOffset dueAt);

    [LoggerMessage(EventId = 1406, EventName = "SyncLeaseRevoked", Level = LogLevel.Debug,
        Message = "Revoked a lease created for {SpecName}.")]
    public static partial void SyncLeaseRevoked(this ILogger logger, string specName);

    [LoggerMessage(EventId = 1407, EventName = "SyncLeaseRevokeFailed", Level = LogLevel.Warning,
        Message = "Revoking a lease created for {SpecName} failed; it will expire on its own.")]
    public static partial void SyncLeaseRevokeFailed(this ILogger logger, Exception exception, string specName);

    [LoggerMessage(EventId = 1408, EventName = "SyncSpecRemoved", Level = LogLevel.Information,
        Message = "Secret {SpecName} removed from the sync engine.")]
    public static partial void SyncSpecRemoved(this ILogger logger, string specName);

    [LoggerMessage(EventId = 1409, EventName = "SyncEventHandlerFailed", Level = LogLevel.Warning,
        Message = "A SyncEvent handler threw for {SpecName}; the engine carries on.")]
    public static partial void SyncEventHandlerFailed(this ILogger logger, Exception exception, string specName);
}
