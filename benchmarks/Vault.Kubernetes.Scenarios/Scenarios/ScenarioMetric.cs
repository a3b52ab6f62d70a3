// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

namespace Vault.Kubernetes.Scenarios.Scenarios;

/// <summary>One measured figure of a scenario.</summary>
internal sealed record ScenarioMetric(string Name, double Value, string Unit, string? Note = null);
