// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Text.Json.Nodes;

namespace Vault.Kubernetes.Testing.KubernetesApi;

/// <summary>One served resource: its names, scope, subresources and the rules the generic store applies to it.</summary>
internal sealed class ResourceType
{
    public static readonly IReadOnlyList<string> AllVerbs = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];

    public required string Group { get; init; }

    public required string Version { get; init; }

    public required string Plural { get; init; }

    public required string Singular { get; init; }

    public required string Kind { get; init; }

    public bool Namespaced { get; init; } = true;

    public IReadOnlyList<string> ShortNames { get; init; } = [];

    public IReadOnlyList<string> Categories { get; init; } = [];

    public IReadOnlyList<string> Verbs { get; init; } = AllVerbs;

    /// <summary>Gets a value indicating whether a <c>/status</c> subresource exists (main writes then keep the old status).</summary>
    public bool HasStatus { get; init; }

    /// <summary>Gets a value indicating whether <c>metadata.generation</c> is kept (1 on create, +1 on a spec-like change).</summary>
    public bool HasGeneration { get; init; }

    /// <summary>Gets a value indicating whether objects are kept at all (TokenReview is answered, never stored).</summary>
    public bool Stored { get; init; } = true;

    /// <summary>Gets a value indicating whether this is a custom resource (merge patch only; PUT needs a resourceVersion; delete answers a Status).</summary>
    public bool IsCustom { get; init; }

    /// <summary>Gets the CRD version's <c>openAPIV3Schema</c>, for defaulting and validation of custom resources.</summary>
    public JsonObject? Schema { get; init; }

    public string ListKind => Kind + "List";

    public string GroupVersion => Group.Length == 0 ? Version : Group + "/" + Version;

    /// <summary>Gets the storage key: one store per group and plural, whatever the version.</summary>
    public string Key => Group + "/" + Plural;

    /// <summary>Gets the name used in error messages (<c>secrets</c>, <c>leases.coordination.k8s.io</c>).</summary>
    public string QualifiedName => Group.Length == 0 ? Plural : Plural + "." + Group;

    public bool Matches(string group, string version, string plural) =>
        string.Equals(Group, group, StringComparison.Ordinal) && string.Equals(Version, version, StringComparison.Ordinal)
        && string.Equals(Plural, plural, StringComparison.Ordinal);
}
