// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

namespace Vault.Kubernetes.Injector;

/// <summary>What the webhook answers for a pod whose annotations are bad.</summary>
internal enum InjectorFailureMode
{
    /// <summary>Refuse the pod with a message naming each bad annotation.</summary>
    Deny,

    /// <summary>Admit the pod unchanged, with the problems as admission warnings.</summary>
    Allow,
}
