// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using Microsoft.Extensions.Logging;

namespace Vault.Kubernetes.Operator.Diagnostics;

/// <summary>The operator's log messages (event ids 4000–4099). They name resources and paths, never secret values or tokens.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 4000, EventName = "OperatorStarting", Level = LogLevel.Information, Message = "Operator starting in namespace {Namespace} as {Identity}.")]
    public static partial void OperatorStarting(this ILogger logger, string @namespace, string identity);

    [LoggerMessage(EventId = 4001, EventName = "LeadershipAcquired", Level = LogLevel.Information, Message = "Leading as {Identity}: reconciling.")]
    public static partial void LeadershipAcquired(this ILogger logger, string identity);

    [LoggerMessage(EventId = 4002, EventName = "LeadershipLost", Level = LogLevel.Warning, Message = "Lost leadership as {Identity}: stopped reconciling.")]
    public static partial void LeadershipLost(this ILogger logger, string identity);

    [LoggerMessage(EventId = 4003, EventName = "OperatorStopping", Level = LogLevel.Information, Message = "Operator stopping.")]
    public static partial void OperatorStopping(this ILogger logger);

    [LoggerMessage(EventId = 4004, EventName = "ControllerFailed", Level = LogLevel.Warning, Message = "The controller stopped; starting again in {Delay}: {Error}")]
    public static partial void ControllerFailed(this ILogger logger, TimeSpan delay, string error);

    [LoggerMessage(EventId = 4010, EventName = "WatchFailed", Level = LogLevel.Warning, Message = "Watch of {Path} failed; retrying in {Delay}: {Error}")]
    public static partial void WatchFailed(this ILogger logger, string path, TimeSpan delay, string error);

    [LoggerMessage(EventId = 4020, EventName = "ResourceInvalid", Level = LogLevel.Warning, Message = "{Target}: {Problem}")]
    public static partial void ResourceInvalid(this ILogger logger, string target, string problem);

    [LoggerMessage(EventId = 4021, EventName = "ResourceTracked", Level = LogLevel.Debug, Message = "{Target}: tracking {PathCount} Vault path(s) as {Identity}.")]
    public static partial void ResourceTracked(this ILogger logger, string target, int pathCount, string identity);

    [LoggerMessage(EventId = 4022, EventName = "ResourceRemoved", Level = LogLevel.Information, Message = "{Target}: removed (leases revoked: {Revoked}).")]
    public static partial void ResourceRemoved(this ILogger logger, string target, bool revoked);

    [LoggerMessage(EventId = 4030, EventName = "SecretWritten", Level = LogLevel.Information, Message = "{Target}: wrote Secret {Namespace}/{Secret} ({KeyCount} keys).")]
    public static partial void SecretWritten(this ILogger logger, string target, string @namespace, string secret, int keyCount);

    [LoggerMessage(EventId = 4031, EventName = "SecretWriteFailed", Level = LogLevel.Warning, Message = "{Target}: writing Secret {Namespace}/{Secret} failed: {Error}")]
    public static partial void SecretWriteFailed(this ILogger logger, string target, string @namespace, string secret, string error);

    [LoggerMessage(EventId = 4032, EventName = "SecretRestored", Level = LogLevel.Information, Message = "{Target}: Secret {Namespace}/{Secret} was {Change}; put back.")]
    public static partial void SecretRestored(this ILogger logger, string target, string @namespace, string secret, string change);

    [LoggerMessage(EventId = 4040, EventName = "RolloutRestarted", Level = LogLevel.Information, Message = "{Target}: rollout restart of {Kind} {Name}.")]
    public static partial void RolloutRestarted(this ILogger logger, string target, string kind, string name);

    [LoggerMessage(EventId = 4041, EventName = "RolloutRestartFailed", Level = LogLevel.Warning, Message = "{Target}: rollout restart of {Kind} {Name} failed: {Error}")]
    public static partial void RolloutRestartFailed(this ILogger logger, string target, string kind, string name, string error);

    [LoggerMessage(EventId = 4050, EventName = "StatusWriteFailed", Level = LogLevel.Warning, Message = "{Target}: status update failed: {Error}")]
    public static partial void StatusWriteFailed(this ILogger logger, string target, string error);

    [LoggerMessage(EventId = 4051, EventName = "EventWriteFailed", Level = LogLevel.Debug, Message = "{Target}: recording Event {Reason} failed: {Error}")]
    public static partial void EventWriteFailed(this ILogger logger, string target, string reason, string error);

    [LoggerMessage(EventId = 4060, EventName = "ReconcileFailed", Level = LogLevel.Warning, Message = "{Target}: reconcile failed; retried on the next event: {Error}")]
    public static partial void ReconcileFailed(this ILogger logger, string target, string error);
}
