// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using Vault.Kubernetes.Agent.Files;
using Vault.Kubernetes.Core.Tests.Sync;

namespace Vault.Kubernetes.Agent.Tests.Files;

public sealed class CommandRunnerTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly FakeLogger _logger = new();
    private readonly FakeTimeProvider _time = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task RunAsync_CommandSucceeds_RunsThroughShellAndLogsOutputAtDebugOnly()
    {
        string marker = _temp.Combine("ran");
        var runner = new CommandRunner(TimeSpan.FromSeconds(30), _logger, _time);

        CommandOutcome outcome = await runner.RunAsync($"echo printed-by-command && touch '{marker}'", "/vault/secrets/db", TestContext.Current.CancellationToken);

        Assert.Equal(CommandOutcome.Succeeded, outcome);
        Assert.True(File.Exists(marker));
        FakeLogRecord output = Assert.Single(_logger.Collector.GetSnapshot(), r => r.Message.Contains("printed-by-command", StringComparison.Ordinal));
        Assert.Equal(LogLevel.Debug, output.Level);
        Assert.Contains(_logger.Collector.GetSnapshot(), r => r.Id.Id == 3020 && r.Level == LogLevel.Information);
    }

    [Fact]
    public async Task RunAsync_NonZeroExit_ReportsFailureWithStatus()
    {
        var runner = new CommandRunner(TimeSpan.FromSeconds(30), _logger, _time);

        CommandOutcome outcome = await runner.RunAsync("echo oops >&2; exit 3", "/vault/secrets/db", TestContext.Current.CancellationToken);

        Assert.Equal(CommandOutcome.Failed, outcome);
        FakeLogRecord failed = Assert.Single(_logger.Collector.GetSnapshot(), r => r.Id.Id == 3021);
        Assert.Equal(LogLevel.Warning, failed.Level);
        Assert.Equal("The command for /vault/secrets/db exited with status 3.", failed.Message);
    }

    [Fact]
    public async Task RunAsync_CommandOutlivesTimeout_IsKilled()
    {
        var started = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var runner = new CommandRunner(TimeSpan.FromSeconds(5), _logger, _time) { ProcessStarted = started.SetResult };

        Task<CommandOutcome> run = runner.RunAsync("sleep 600", "/vault/secrets/db", TestContext.Current.CancellationToken);
        await started.Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        _time.Advance(TimeSpan.FromSeconds(4));
        Assert.False(run.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(1));

        CommandOutcome outcome = await run.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        Assert.Equal(CommandOutcome.TimedOut, outcome);
        Assert.Contains(_logger.Collector.GetSnapshot(), r => r.Id.Id == 3022 && r.Level == LogLevel.Warning);
    }
}
