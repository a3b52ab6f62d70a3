// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using k8s;
using k8s.LeaderElection;
using k8s.LeaderElection.ResourceLock;
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

    /// <summary>Raised when this replica starts leading (the controller is running).</summary>
    public event Action<SecretController>? StartedLeading;

    /// <summary>Runs until cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        _logger.OperatorStarting(_options.Controller.OperatorNamespace, _options.Identity);
        using var api = new KubeApiClient(_configuration);
        if (!_options.LeaderElection)
        {
            await LeadAsync(api, Task.Delay(Timeout.Infinite, cancellationToken), cancellationToken).ConfigureAwait(false);
            return;
        }

        using var client = new k8s.Kubernetes(_configuration);
        var lease = new LeaseLock(client, _options.Controller.OperatorNamespace, _options.LeaseName, _options.Identity);
        using var elector = new LeaderElector(new LeaderElectionConfig(lease)
        {
            LeaseDuration = _options.LeaseDuration,
            RenewDeadline = _options.RenewDeadline,
            RetryPeriod = _options.RetryPeriod,
        });
        while (!cancellationToken.IsCancellationRequested)
        {
            var leading = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            void Started() => leading.TrySetResult();
            elector.OnStartedLeading += Started;
            try
            {
                Task election = elector.RunUntilLeadershipLostAsync(cancellationToken);
                if (await Task.WhenAny(leading.Task, election).ConfigureAwait(false) == election)
                {
                    await Swallow(election).ConfigureAwait(false);
                    continue;
                }

                _logger.LeadershipAcquired(_options.Identity);
                await LeadAsync(api, election, cancellationToken).ConfigureAwait(false);
                if (!cancellationToken.IsCancellationRequested)
                {
                    _logger.LeadershipLost(_options.Identity);
                }
            }
            finally
            {
                elector.OnStartedLeading -= Started;
            }
        }

        _logger.OperatorStopping();
    }

    private async Task LeadAsync(KubeApiClient api, Task leadershipEnds, CancellationToken cancellationToken)
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
            await Swallow(leadershipEnds).ConfigureAwait(false);
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
    }
}
