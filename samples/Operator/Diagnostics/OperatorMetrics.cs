// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Diagnostics.Metrics;

namespace Vault.Kubernetes.Operator.Diagnostics;

/// <summary>The operator's instruments on the <c>Vault.Kubernetes</c> meter, named as Prometheus series so any exporter keeps them readable.</summary>
internal sealed class OperatorMetrics : IDisposable
{
    public const string MeterName = "Vault.Kubernetes";
    private readonly Meter _meter = new(MeterName);

    public OperatorMetrics(Func<int> resourceCount)
    {
        Reconciles = _meter.CreateCounter<long>("vault_operator_reconciles_total", description: "Resource events and engine outcomes handled, by kind and result.");
        Errors = _meter.CreateCounter<long>("vault_operator_reconcile_errors_total", description: "Failed reconciles (Vault, spec or Secret write), by kind and reason.");
        SecretWrites = _meter.CreateCounter<long>("vault_operator_secret_writes_total", description: "Destination Secret writes (create or replace), by kind and cause.");
        StatusWrites = _meter.CreateCounter<long>("vault_operator_status_writes_total", description: "Status subresource writes.");
        Restarts = _meter.CreateCounter<long>("vault_operator_rollout_restarts_total", description: "Rollout restarts requested, by workload kind.");
        WriteDuration = _meter.CreateHistogram<double>("vault_operator_secret_write_duration_seconds", unit: "s", description: "Time to write a destination Secret.");
        _meter.CreateObservableGauge("vault_operator_resources", resourceCount, description: "Resources the operator keeps in sync.");
    }

    public Counter<long> Reconciles { get; }

    public Counter<long> Errors { get; }

    public Counter<long> SecretWrites { get; }

    public Counter<long> StatusWrites { get; }

    public Counter<long> Restarts { get; }

    public Histogram<double> WriteDuration { get; }

    public void Dispose() => _meter.Dispose();
}
