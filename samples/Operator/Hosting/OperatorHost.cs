// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using k8s;
using Microsoft.Extensions.Logging;
using Vault.Kubernetes.Operator.Controller;
using Vault.Kubernetes.Operator.Diagnostics;
using Vault.Kubernetes.Operator.Kube;

namespace Vault.Kubernetes.Operator.Hosting;

/// <summary>Runs the controller while this replica leads (a coordination.k8s.io Lease), and stops it cleanly on cancellation (SIGTERM).</summary>
internal sealed class OperatorHost
{
    private readonly OperatorOptions _options;
    private readonly KubernetesClientConfiguration _configuration;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly Func<double>? _random;
    private volatile bool _restarting;

    public OperatorHost(OperatorOptions options, KubernetesClientConfiguration configuration, ILoggerFactory loggerFactory, TimeProvider? time = null, Func<double>? random = null)
    {
        _options = options;
        _configuration = configuration;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger<OperatorHost>();
        _time = time ?? TimeProvider.System;
        _random = random;
    }

    /// <summary>Gets the controller while this replica leads, else <see langword="null"/>.</summary>
    public SecretController? Controller { get; private set; }

    /// <summary>Gets a value indicating whether this replica is the leader (or runs without election).</summary>
    public bool IsLeading => Controller is not null;

    /// <summary>
    /// Gets a value indicating whether <c>/readyz</c> answers ready: the controller has listed everything, or this replica
    /// stands by for the Lease. Not while a replica that must lead has no controller yet: at start without leader election,
    /// and while it waits to start again after a failure.
    /// </summary>
    public bool IsReady => Controller is { } controller ? controller.Ready.IsCompleted : _options.LeaderElection && !_restarting;

    /// <summary>Raised when this replica starts leading (the controller is running).</summary>
    public event Action<SecretController>? StartedLeading;

    /// <summary>Raised when the controller failed and the host has begun waiting <see cref="OperatorOptions.RestartDelay"/> to start it again.</summary>
    public event Action<Exception>? Restarting;

    /// <summary>Runs until cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        _logger.OperatorStarting(_options.Controller.OperatorNamespace, _options.Identity);
        using var api = new KubeApiClient(_configuration);
        if (!_options.LeaderElection)
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                await RestartAfterFailureAsync(await LeadAsync(api, Task.Delay(Timeout.Infinite, cancellationToken), cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
            }

            _logger.OperatorStopping();
            return;
        }

        // Election runs on the real clock even when reconciling runs on a test's simulated one: Lease expiry is other replicas' business.
        var elector = new LeaseElector(api, _options.Controller.OperatorNamespace, _options.LeaseName, _options.Identity, _options.LeaseDuration, _options.RenewDeadline, _options.RetryPeriod);
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await elector.AcquireAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }

            _logger.LeadershipAcquired(_options.Identity);
            using var holding = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            Task held = elector.HoldAsync(holding.Token);
            Exception? failure = await LeadAsync(api, held, cancellationToken).ConfigureAwait(false);
            await holding.CancelAsync().ConfigureAwait(false);
            await Swallow(held).ConfigureAwait(false);
            await RestartAfterFailureAsync(failure, cancellationToken).ConfigureAwait(false);
            if (!cancellationToken.IsCancellationRequested)
            {
                _logger.LeadershipLost(_options.Identity);
            }
            else if (_options.ReleaseOnStop)
            {
                // A graceful stop hands over at once instead of making the standby wait out the lease duration.
                using var release = new CancellationTokenSource(_options.RetryPeriod + TimeSpan.FromSeconds(5));
                try
                {
                    await elector.ReleaseAsync(release.Token).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is KubeApiException or HttpRequestException or OperationCanceledException)
                {
                    // Best effort: the Lease lapses on its own.
                }
            }
        }

        _logger.OperatorStopping();
    }

    /// <summary>Runs the controller until leadership ends, the host stops, or the controller fails; returns that failure.</summary>
    private async Task<Exception?> LeadAsync(KubeApiClient api, Task leadershipEnds, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        await using var controller = new SecretController(api, _options.Controller, _loggerFactory, _time, _random);
        Task run = controller.RunAsync(stop.Token);
        Controller = controller;
        StartedLeading?.Invoke(controller);
        try
        {
            await Task.WhenAny(run, leadershipEnds).ConfigureAwait(false);
        }
        finally
        {
            // Stop writing at once: another replica may lead from now on.
            Controller = null;
            await stop.CancelAsync().ConfigureAwait(false);
            await Swallow(run).ConfigureAwait(false);
        }

        return run.IsFaulted ? run.Exception.GetBaseException() : null;
    }

    /// <summary>After a controller failure (the API server unreachable at start, say), waits and lets the caller start again: a host never exits on its own.</summary>
    private async Task RestartAfterFailureAsync(Exception? failure, CancellationToken cancellationToken)
    {
        if (failure is null || cancellationToken.IsCancellationRequested)
        {
            return;
        }

        _logger.ControllerFailed(_options.RestartDelay, failure.Message);
        _restarting = true;
        try
        {
            // The timer exists before anyone hears of the restart, so a test that moves its clock on the event moves this one.
            Task delay = Task.Delay(_options.RestartDelay, _time, cancellationToken);
            Restarting?.Invoke(failure);
            await delay.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            _restarting = false;
        }
    }

    private static async Task Swallow(Task task)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception) when (task.IsFaulted)
        {
            // Observed: LeadAsync returns the controller's failure, and a failed renewal only means leadership ended.
        }
    }
}
