// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

namespace Vault.Kubernetes.Testing.KubernetesApi;

/// <summary>One change kept in a resource's bounded history, so a watch can resume from a resourceVersion.</summary>
/// <param name="ResourceVersion">The resourceVersion the change produced.</param>
/// <param name="Type">ADDED, MODIFIED or DELETED.</param>
/// <param name="Old">The object before the change, or <see langword="null"/> for ADDED (selectors need it to turn leaving into DELETED).</param>
/// <param name="New">The object after the change (for DELETED, the final object with the new resourceVersion).</param>
internal sealed record WatchRecord(long ResourceVersion, string Type, StoredObject? Old, StoredObject New);
