// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

namespace Vault.Kubernetes.Scenarios.Scenarios;

/// <summary>One end-to-end scenario against the embedded dev server.</summary>
internal interface IScenario
{
    string Name { get; }

    string Description { get; }

    Task<IReadOnlyList<ScenarioMetric>> RunAsync(CancellationToken cancellationToken);
}
