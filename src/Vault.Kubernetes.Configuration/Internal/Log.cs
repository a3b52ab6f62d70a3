// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using Microsoft.Extensions.Logging;

namespace Vault.Kubernetes.Configuration.Internal;

/// <summary>The Configuration assembly's log messages (event ids 2000-2999; see docs/log-events.md).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 2000, EventName = "VaultConfigurationLoaded", Level = LogLevel.Information,
        Message = "Loaded {SecretCount} Vault secret(s) into configuration ({KeyCount} keys).")]
    public static partial void ConfigurationLoaded(this ILogger logger, int secretCount, int keyCount);

    [LoggerMessage(EventId = 2001, EventName = "VaultConfigurationStartedWithout", Level = LogLevel.Warning,
        Message = "Starting without {FailedCount} Vault secret(s) because Optional is on; they keep loading in the background: {Paths}.")]
    public static partial void ConfigurationStartedWithout(this ILogger logger, int failedCount, string paths);

    [LoggerMessage(EventId = 2003, EventName = "VaultConfigurationFolderListFailed", Level = LogLevel.Warning,
        Message = "Listing the Vault folder {SecretPath} failed: {Reason} Keeping its current secrets and retrying on the next refresh.")]
    public static partial void FolderListFailed(this ILogger logger, string secretPath, string reason);

    [LoggerMessage(EventId = 2002, EventName = "VaultConfigurationReloaded", Level = LogLevel.Information,
        Message = "Vault-backed configuration changed; reloading ({KeyCount} keys).")]
    public static partial void ConfigurationReloaded(this ILogger logger, int keyCount);

    [LoggerMessage(EventId = 2004, EventName = "VaultConfigurationStartupWaiting", Level = LogLevel.Warning,
        Message = "Start-up waits for Vault at {Address}: {PendingCount} of {SecretCount} secret(s) not loaded after {Elapsed} ({LastError}). Giving up after {StartupTimeout} ({TimeoutKey}).")]
    public static partial void StartupWaiting(this ILogger logger, string address, int pendingCount, int secretCount, System.TimeSpan elapsed, string lastError, System.TimeSpan startupTimeout, string timeoutKey);
}
