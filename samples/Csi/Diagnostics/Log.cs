// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using Microsoft.Extensions.Logging;

namespace Vault.Kubernetes.Csi.Diagnostics;

/// <summary>The provider's log messages; none carries a secret value or a token.</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "Listening on {SocketPath}")]
    public static partial void Listening(this ILogger logger, string socketPath);

    [LoggerMessage(2, LogLevel.Information, "Removed stale socket {SocketPath}")]
    public static partial void StaleSocketRemoved(this ILogger logger, string socketPath);

    [LoggerMessage(3, LogLevel.Debug, "Mount {Target}: {ObjectCount} object(s) for {Subject} in {ElapsedMs:F1} ms")]
    public static partial void MountServed(this ILogger logger, string target, int objectCount, string subject, double elapsedMs);

    [LoggerMessage(4, LogLevel.Warning, "Mount rejected: {Reason}")]
    public static partial void MountRejected(this ILogger logger, string reason);

    [LoggerMessage(5, LogLevel.Warning, "Mount {Target} failed: {Reason}")]
    public static partial void MountFailed(this ILogger logger, string target, string reason);

    [LoggerMessage(6, LogLevel.Error, "Mount {Target} failed unexpectedly ({ExceptionType})")]
    public static partial void MountCrashed(this ILogger logger, string target, string exceptionType);
}
