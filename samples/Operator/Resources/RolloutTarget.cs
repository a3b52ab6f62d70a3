// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

namespace Vault.Kubernetes.Operator.Resources;

/// <summary>A workload restarted when its Secret really changed: <c>Deployment</c>, <c>StatefulSet</c>, <c>DaemonSet</c> or <c>argo.Rollout</c>, in the resource's namespace.</summary>
internal sealed record RolloutTarget(string Kind, string Name);
