// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using Vault.Kubernetes.Agent.Diagnostics;
using Vault.Kubernetes.Agent.Hosting;
using Vault.Kubernetes.Agent.Rendering;
using Vault.Kubernetes.Annotations;

LogLevel minimumLevel = Environment.GetEnvironmentVariable("VAULT_AGENT_LOG_LEVEL") is string level && Enum.TryParse(level, ignoreCase: true, out LogLevel parsed) ? parsed : LogLevel.Information;

// The agent's own one-line factory, not LoggerFactory.Create: no DI container, options or filter machinery in a sidecar's memory.
using ILoggerFactory loggerFactory = new LineLoggerFactory(minimumLevel, Console.Error, TimeProvider.System);
ILogger logger = loggerFactory.CreateLogger("Vault.Kubernetes.Agent");

AgentCommandLine commandLine;
AgentConfig config;
IReadOnlyList<AgentFile> files;
AgentVault vault;
try
{
    commandLine = AgentCommandLine.Parse(args);
    config = commandLine.LoadConfig();
    files = AgentFile.From(config);
    string cacheDirectory = Environment.GetEnvironmentVariable("VAULT_AGENT_CACHE_DIR") ?? AgentDefaults.CacheDirectory;
    vault = await AgentVault.CreateAsync(config, loggerFactory, TimeProvider.System, cacheDirectory: cacheDirectory);
}
catch (AgentConfigurationException ex)
{
    foreach (string error in ex.Errors)
    {
        logger.ConfigurationInvalid(error);
    }

    Console.Error.WriteLine(AgentCommandLine.Usage);
    return AgentExitCodes.InvalidConfiguration;
}

foreach (string warning in config.Warnings)
{
    logger.ConfigurationWarning(warning);
}

using var stopping = new CancellationTokenSource();
void Stop(PosixSignalContext context)
{
    // Handle the signal ourselves: the sidecar stops its engine and exits 0 instead of being torn down.
    context.Cancel = true;
    logger.ShutdownSignal(context.Signal.ToString());
    stopping.Cancel();
}

using PosixSignalRegistration sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
using PosixSignalRegistration sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);

await using AgentVault ownedVault = vault;
var runner = new AgentRunner(config, files, vault, loggerFactory, TimeProvider.System);
try
{
    return commandLine.Init
        ? await runner.RunInitAsync(stopping.Token)
        : await runner.RunSidecarAsync(stopping.Token);
}
catch (OperationCanceledException) when (stopping.IsCancellationRequested)
{
    return AgentExitCodes.Failed;
}
