// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Runtime.InteropServices;
using k8s;
using Microsoft.Extensions.Logging;
using Vault.Kubernetes.Operator.Diagnostics;
using Vault.Kubernetes.Operator.Hosting;

// The composition root: environment -> options, kubeconfig or in-cluster config, health endpoint, leader-elected controller.
OperatorOptions options = OperatorOptions.FromEnvironment(Environment.GetEnvironmentVariable);
using ILoggerFactory loggerFactory = LoggerFactory.Create(logging => logging
    .AddSimpleConsole(console => { console.SingleLine = true; console.TimestampFormat = "O "; })
    .SetMinimumLevel(Enum.TryParse(Environment.GetEnvironmentVariable("VSO_LOG_LEVEL"), ignoreCase: true, out LogLevel level) ? level : LogLevel.Information));

KubernetesClientConfiguration configuration = options.Kubeconfig is { Length: > 0 } kubeconfig
    ? KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig)
    : KubernetesClientConfiguration.InClusterConfig();

using var stop = new CancellationTokenSource();

// SIGTERM (pod deletion) and Ctrl+C stop the controller, which lets in-flight writes finish and closes the Vault sessions.
using PosixSignalRegistration sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => { context.Cancel = true; stop.Cancel(); });
using PosixSignalRegistration sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => { context.Cancel = true; stop.Cancel(); });

var host = new OperatorHost(options, configuration, loggerFactory);
using var metrics = new PrometheusExporter();
await using var health = options.HealthPort > 0
    ? new HealthServer(options.HealthPort, () => host.IsReady, metrics)
    : null;
health?.Start();
try
{
    await host.RunAsync(stop.Token);
}
catch (OperationCanceledException) when (stop.IsCancellationRequested)
{
}

return 0;
