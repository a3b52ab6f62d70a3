// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.ComponentModel;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Vault.Kubernetes.Agent.Diagnostics;

namespace Vault.Kubernetes.Agent.Files;

/// <summary>Runs a secret's command (<c>agent-inject-command-&lt;name&gt;</c>) with <c>/bin/sh -c</c> after its file changed, with a timeout.</summary>
/// <remarks>The command's output is logged at Debug level only, since a command may print what it read; the exit status is logged at Information.</remarks>
internal sealed class CommandRunner
{
    private const int MaxLoggedOutput = 4096;
    private readonly TimeSpan _timeout;
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;

    /// <summary>Initializes a new instance of the <see cref="CommandRunner"/> class.</summary>
    /// <param name="timeout">How long a command may run before it is killed.</param>
    /// <param name="logger">The logger.</param>
    /// <param name="timeProvider">The clock that times the command out.</param>
    public CommandRunner(TimeSpan timeout, ILogger logger, TimeProvider timeProvider)
    {
        _timeout = timeout;
        _logger = logger;
        _timeProvider = timeProvider;
    }

    /// <summary>Gets or sets a callback invoked once the process has started (tests use it to advance a fake clock).</summary>
    public Action<int>? ProcessStarted { get; set; }

    /// <summary>Runs a command and waits for it, killing it (and its children) after the timeout.</summary>
    /// <param name="command">The shell command.</param>
    /// <param name="fileName">The file whose change triggered it, for logs.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>How the command ended.</returns>
    public async Task<CommandOutcome> RunAsync(string command, string fileName, CancellationToken cancellationToken = default)
    {
        var startInfo = new ProcessStartInfo("/bin/sh")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
            UseShellExecute = false,
        };
        startInfo.ArgumentList.Add("-c");
        startInfo.ArgumentList.Add(command);

        using var process = new Process { StartInfo = startInfo };
        using var timeout = new CancellationTokenSource(Timeout.InfiniteTimeSpan, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        long startedAt = _timeProvider.GetTimestamp();
        try
        {
            process.Start();
        }
        catch (Exception ex) when (ex is Win32Exception or InvalidOperationException)
        {
            _logger.CommandStartFailed(ex, fileName);
            return CommandOutcome.Failed;
        }

        Task<string> stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        Task<string> stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        timeout.CancelAfter(_timeout);
        ProcessStarted?.Invoke(process.Id);
        CommandOutcome outcome;
        try
        {
            await process.WaitForExitAsync(linked.Token).ConfigureAwait(false);
            outcome = process.ExitCode == 0 ? CommandOutcome.Succeeded : CommandOutcome.Failed;
        }
        catch (OperationCanceledException) when (linked.IsCancellationRequested)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            outcome = CommandOutcome.TimedOut;
        }

        LogOutput(fileName, "stdout", await stdout.ConfigureAwait(false));
        LogOutput(fileName, "stderr", await stderr.ConfigureAwait(false));
        TimeSpan elapsed = _timeProvider.GetElapsedTime(startedAt);
        switch (outcome)
        {
            case CommandOutcome.Succeeded:
                _logger.CommandSucceeded(fileName, elapsed);
                break;
            case CommandOutcome.Failed:
                _logger.CommandFailed(fileName, process.ExitCode);
                break;
            default:
                _logger.CommandTimedOut(fileName, _timeout);
                cancellationToken.ThrowIfCancellationRequested();
                break;
        }

        return outcome;
    }

    private void LogOutput(string fileName, string stream, string output)
    {
        if (output.Length == 0 || !_logger.IsEnabled(LogLevel.Debug))
        {
            return;
        }

        _logger.CommandOutput(fileName, stream, output.Length > MaxLoggedOutput ? output[..MaxLoggedOutput] + "…" : output.TrimEnd());
    }
}
