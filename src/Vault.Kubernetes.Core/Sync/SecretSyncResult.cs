// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;

namespace Vault.Kubernetes.Sync;

/// <summary>The outcome of one reconcile of one target (or spec): what happened and when the engine looks at it again; failures are values, not exceptions.</summary>
/// <param name="SpecName">The name of the target (for a spec added on its own, the spec's name).</param>
/// <param name="Outcome">What happened.</param>
/// <param name="RequeueAfter">How long until the engine acts on the spec again, or <see langword="null"/> when nothing is scheduled.</param>
/// <param name="Error">The failure, when <paramref name="Outcome"/> is <see cref="SecretSyncEventKind.Failed"/>.</param>
public sealed record SecretSyncResult(string SpecName, SecretSyncEventKind Outcome, TimeSpan? RequeueAfter, Exception? Error = null)
{
    /// <summary>Gets a value indicating whether the reconcile succeeded.</summary>
    public bool Succeeded => Outcome != SecretSyncEventKind.Failed;
}
