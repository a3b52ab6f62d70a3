// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using Microsoft.Extensions.Logging;

namespace Vault.Kubernetes.Http;

/// <summary>Log messages of the Vault HTTP client (EventIds 1000-1099). Paths only: never tokens, bodies or values.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1000, EventName = "VaultRequestCompleted", Level = LogLevel.Debug,
        Message = "Vault {Method} {VaultPath} returned {StatusCode} (request id {RequestId}) in {ElapsedMilliseconds} ms.")]
    public static partial void VaultRequestCompleted(this ILogger logger, string method, string vaultPath, int statusCode, string? requestId, double elapsedMilliseconds);

    // Debug, as 1006: the caller (session, engine, host) reports the failure once, at Warning, with what it was doing.
    [LoggerMessage(EventId = 1001, EventName = "VaultRequestFailed", Level = LogLevel.Debug,
        Message = "Vault {Method} {VaultPath} failed with status {StatusCode} (request id {RequestId}).")]
    public static partial void VaultRequestFailed(this ILogger logger, string method, string vaultPath, int statusCode, string? requestId);

    [LoggerMessage(EventId = 1002, EventName = "VaultRequestRetrying", Level = LogLevel.Debug,
        Message = "Retrying Vault request {VaultPath} (retry {Attempt}) in {Delay} after status {StatusCode}.")]
    public static partial void VaultRequestRetrying(this ILogger logger, string vaultPath, int attempt, TimeSpan delay, int statusCode, Exception? exception);

    [LoggerMessage(EventId = 1003, EventName = "VaultTokenRejected", Level = LogLevel.Information,
        Message = "Vault rejected the token as invalid for {VaultPath}; the token provider discards it and the request is retried once.")]
    public static partial void VaultTokenRejected(this ILogger logger, string vaultPath);

    [LoggerMessage(EventId = 1004, EventName = "VaultTlsVerificationDisabled", Level = LogLevel.Warning,
        Message = "TLS certificate verification is disabled for Vault at {Address}; never do this in production.")]
    public static partial void VaultTlsVerificationDisabled(this ILogger logger, Uri address);

    [LoggerMessage(EventId = 1005, EventName = "VaultRedirected", Level = LogLevel.Debug,
        Message = "Vault redirected {VaultPath} with status {StatusCode} to {RedirectHost}.")]
    public static partial void VaultRedirected(this ILogger logger, string vaultPath, int statusCode, string redirectHost);

    [LoggerMessage(EventId = 1006, EventName = "VaultTransportFailed", Level = LogLevel.Debug,
        Message = "Vault {Method} {VaultPath} failed before an answer arrived.")]
    public static partial void VaultTransportFailed(this ILogger logger, string method, string vaultPath, Exception exception);
}
