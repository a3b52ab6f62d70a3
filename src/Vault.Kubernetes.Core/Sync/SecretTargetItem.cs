// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Collections.Generic;
using Vault.Kubernetes.Secrets;

namespace Vault.Kubernetes.Sync;

/// <summary>One spec's part of a target's content: the secret as read (typed) and its transformed payload.</summary>
/// <param name="Spec">The spec.</param>
/// <param name="Snapshot">The secret as read from Vault (data, lease, version), or <see langword="null"/> for an <see cref="SecretSpec.Optional"/> spec that could not be read yet.</param>
/// <param name="Payload">The transformed key/value payload; empty when <paramref name="Snapshot"/> is <see langword="null"/>.</param>
public sealed record SecretTargetItem(SecretSpec Spec, SecretSnapshot? Snapshot, IReadOnlyDictionary<string, string> Payload);
