// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using Microsoft.Extensions.Logging;

namespace Vault.Kubernetes.Agent.Diagnostics;

internal static partial class Log
{
    [LoggerMessage(EventId = 3030, EventName = "InitCompleted", Level = LogLevel.Information,
        Message = "Init complete: {FileCount} file(s) rendered, {WrittenCount} written.")]
    public static partial void InitCompleted(this ILogger logger, int fileCount, int writtenCount);

    [LoggerMessage(EventId = 3031, EventName = "InitSecretFailed", Level = LogLevel.Error,
        Message = "Init: reading {SecretPath} for {Files} failed: {Reason}")]
    public static partial void InitSecretFailed(this ILogger logger, string secretPath, string files, string reason);

    [LoggerMessage(EventId = 3032, EventName = "InitFileFailed", Level = LogLevel.Error,
        Message = "Init: {Destination} ({SecretName}) could not be rendered: {Reason}")]
    public static partial void InitFileFailed(this ILogger logger, string destination, string secretName, string reason);

    [LoggerMessage(EventId = 3033, EventName = "InitFailed", Level = LogLevel.Error,
        Message = "Init failed; no file was written.")]
    public static partial void InitFailed(this ILogger logger);

    [LoggerMessage(EventId = 3034, EventName = "InitWriteFailed", Level = LogLevel.Error,
        Message = "Init: {Reason}; no file was changed.")]
    public static partial void InitWriteFailed(this ILogger logger, Exception exception, string reason);

    [LoggerMessage(EventId = 3040, EventName = "SidecarStarted", Level = LogLevel.Information,
        Message = "Sidecar keeping {FileCount} file(s) fresh.")]
    public static partial void SidecarStarted(this ILogger logger, int fileCount);

    [LoggerMessage(EventId = 3048, EventName = "MemoryStatus", Level = LogLevel.Debug,
        Message = "Memory: RSS {RssMiB} MiB, GC heap {HeapMiB} MiB, GC committed {CommittedMiB} MiB; collections gen0 {Gen0}, gen1 {Gen1}, gen2 {Gen2}.")]
    public static partial void MemoryStatus(this ILogger logger, long rssMiB, long heapMiB, long committedMiB, int gen0, int gen1, int gen2);

    [LoggerMessage(EventId = 3041, EventName = "SidecarStopping", Level = LogLevel.Information,
        Message = "Sidecar stopping.")]
    public static partial void SidecarStopping(this ILogger logger);

    [LoggerMessage(EventId = 3042, EventName = "PrePopulateOnly", Level = LogLevel.Information,
        Message = "agent-pre-populate-only is set: the sidecar has nothing to do and exits.")]
    public static partial void PrePopulateOnly(this ILogger logger);

    [LoggerMessage(EventId = 3043, EventName = "ShutdownSignal", Level = LogLevel.Information,
        Message = "Received {Signal}; shutting down.")]
    public static partial void ShutdownSignal(this ILogger logger, string signal);

    [LoggerMessage(EventId = 3044, EventName = "LoginFailed", Level = LogLevel.Error,
        Message = "Logging in to Vault failed.")]
    public static partial void LoginFailed(this ILogger logger, Exception exception);

    [LoggerMessage(EventId = 3045, EventName = "SidecarSecretFailed", Level = LogLevel.Debug,
        Message = "Secret {SecretPath} failed; its files keep their last good content.")]
    public static partial void SidecarSecretFailed(this ILogger logger, string secretPath);

    [LoggerMessage(EventId = 3046, EventName = "TokenRevoked", Level = LogLevel.Information,
        Message = "Revoked the agent's Vault token on shutdown.")]
    public static partial void TokenRevoked(this ILogger logger);

    [LoggerMessage(EventId = 3047, EventName = "TokenRevokeFailed", Level = LogLevel.Warning,
        Message = "Revoking the agent's Vault token on shutdown failed; it expires on its own.")]
    public static partial void TokenRevokeFailed(this ILogger logger, Exception exception);
}
