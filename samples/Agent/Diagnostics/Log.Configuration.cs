// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using Microsoft.Extensions.Logging;

namespace Vault.Kubernetes.Agent.Diagnostics;

internal static partial class Log
{
    [LoggerMessage(EventId = 3000, EventName = "ConfigurationWarning", Level = LogLevel.Warning,
        Message = "Configuration: {Warning}")]
    public static partial void ConfigurationWarning(this ILogger logger, string warning);

    [LoggerMessage(EventId = 3001, EventName = "ConfigurationInvalid", Level = LogLevel.Error,
        Message = "Configuration error: {Error}")]
    public static partial void ConfigurationInvalid(this ILogger logger, string error);

    [LoggerMessage(EventId = 3002, EventName = "AgentStarting", Level = LogLevel.Information,
        Message = "Vault agent starting in {Mode} mode: {FileCount} file(s), role {Role} at {AuthPath}.")]
    public static partial void AgentStarting(this ILogger logger, string mode, int fileCount, string role, string authPath);
}
