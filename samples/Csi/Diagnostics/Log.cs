// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using Microsoft.Extensions.Logging;

namespace Vault.Kubernetes.Csi.Diagnostics;

/// <summary>The provider's log messages; none carries a secret value or a token.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 3200, EventName = "Listening", Level = LogLevel.Information,
        Message = "Listening on {SocketPath}")]
    public static partial void Listening(this ILogger logger, string socketPath);

    [LoggerMessage(EventId = 3201, EventName = "StaleSocketRemoved", Level = LogLevel.Information,
        Message = "Removed stale socket {SocketPath}")]
    public static partial void StaleSocketRemoved(this ILogger logger, string socketPath);

    [LoggerMessage(EventId = 3202, EventName = "MountServed", Level = LogLevel.Debug,
        Message = "Mount {Target}: {ObjectCount} object(s) for {Subject} in {ElapsedMs:F1} ms")]
    public static partial void MountServed(this ILogger logger, string target, int objectCount, string subject, double elapsedMs);

    [LoggerMessage(EventId = 3203, EventName = "MountRejected", Level = LogLevel.Warning,
        Message = "Mount rejected: {Reason}")]
    public static partial void MountRejected(this ILogger logger, string reason);

    [LoggerMessage(EventId = 3204, EventName = "MountFailed", Level = LogLevel.Warning,
        Message = "Mount {Target} failed: {Reason}")]
    public static partial void MountFailed(this ILogger logger, string target, string reason);

    [LoggerMessage(EventId = 3205, EventName = "MountCrashed", Level = LogLevel.Error,
        Message = "Mount {Target} failed unexpectedly ({ExceptionType})")]
    public static partial void MountCrashed(this ILogger logger, string target, string exceptionType);
}
