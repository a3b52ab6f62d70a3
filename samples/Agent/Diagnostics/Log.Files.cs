// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using Microsoft.Extensions.Logging;

namespace Vault.Kubernetes.Agent.Diagnostics;

internal static partial class Log
{
    [LoggerMessage(EventId = 3010, EventName = "FileWritten", Level = LogLevel.Information,
        Message = "Rendered {Destination} from {SecretName}.")]
    public static partial void FileWritten(this ILogger logger, string destination, string secretName);

    [LoggerMessage(EventId = 3011, EventName = "FileUnchanged", Level = LogLevel.Debug,
        Message = "{Destination} already holds the rendered content.")]
    public static partial void FileUnchanged(this ILogger logger, string destination);

    [LoggerMessage(EventId = 3012, EventName = "FileRenderFailed", Level = LogLevel.Warning,
        Message = "Rendering {Destination} ({SecretName}) failed; the file keeps its last content.")]
    public static partial void FileRenderFailed(this ILogger logger, Exception exception, string destination, string secretName);

    [LoggerMessage(EventId = 3020, EventName = "CommandSucceeded", Level = LogLevel.Information,
        Message = "The command for {Destination} succeeded in {Elapsed}.")]
    public static partial void CommandSucceeded(this ILogger logger, string destination, TimeSpan elapsed);

    [LoggerMessage(EventId = 3021, EventName = "CommandFailed", Level = LogLevel.Warning,
        Message = "The command for {Destination} exited with status {ExitCode}.")]
    public static partial void CommandFailed(this ILogger logger, string destination, int exitCode);

    [LoggerMessage(EventId = 3022, EventName = "CommandTimedOut", Level = LogLevel.Warning,
        Message = "The command for {Destination} ran longer than {Timeout} and was killed.")]
    public static partial void CommandTimedOut(this ILogger logger, string destination, TimeSpan timeout);

    [LoggerMessage(EventId = 3023, EventName = "CommandOutput", Level = LogLevel.Debug,
        Message = "The command for {Destination} wrote to {Stream}: {Output}")]
    public static partial void CommandOutput(this ILogger logger, string destination, string stream, string output);

    [LoggerMessage(EventId = 3024, EventName = "CommandStartFailed", Level = LogLevel.Warning,
        Message = "The command for {Destination} could not be started.")]
    public static partial void CommandStartFailed(this ILogger logger, Exception exception, string destination);

    [LoggerMessage(EventId = 3025, EventName = "TokenWritten", Level = LogLevel.Information,
        Message = "Wrote the Vault token to {Destination}.")]
    public static partial void TokenWritten(this ILogger logger, string destination);

    [LoggerMessage(EventId = 3026, EventName = "TokenWriteFailed", Level = LogLevel.Warning,
        Message = "Writing the Vault token to {Destination} failed.")]
    public static partial void TokenWriteFailed(this ILogger logger, Exception exception, string destination);

    [LoggerMessage(EventId = 3050, EventName = "CacheRestored", Level = LogLevel.Information,
        Message = "Resumed the session left in {Path}: its token and {LeaseCount} lease(s), instead of a new login and new credentials.")]
    public static partial void CacheRestored(this ILogger logger, string path, int leaseCount);

    [LoggerMessage(EventId = 3051, EventName = "CacheUnusable", Level = LogLevel.Warning,
        Message = "The session cache {Path} cannot be used ({Reason}); logging in and reading every secret.")]
    public static partial void CacheUnusable(this ILogger logger, string path, string reason);

    [LoggerMessage(EventId = 3052, EventName = "CacheSaved", Level = LogLevel.Debug,
        Message = "Left the token and {LeaseCount} lease(s) for the next process in {Path}.")]
    public static partial void CacheSaved(this ILogger logger, string path, int leaseCount);

    [LoggerMessage(EventId = 3053, EventName = "CacheSaveFailed", Level = LogLevel.Warning,
        Message = "Writing the session cache {Path} failed; the next process logs in and reads its secrets again.")]
    public static partial void CacheSaveFailed(this ILogger logger, Exception exception, string path);
}
