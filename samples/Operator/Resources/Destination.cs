// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

namespace Vault.Kubernetes.Operator.Resources;

/// <summary>The destination Secret of a resource (VSO's <c>spec.destination</c>).</summary>
internal sealed record Destination
{
    public required string Name { get; init; }

    public bool Create { get; init; }

    public bool Overwrite { get; init; }

    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    public IReadOnlyDictionary<string, string> Annotations { get; init; } = new Dictionary<string, string>();

    public string Type { get; init; } = "Opaque";

    public IReadOnlyList<System.Text.RegularExpressions.Regex> Includes { get; init; } = [];

    public IReadOnlyList<System.Text.RegularExpressions.Regex> Excludes { get; init; } = [];

    public bool ExcludeRaw { get; init; }

    /// <summary>Gets the templates whose output is added as keys (they win over Vault's keys; includes and excludes do not apply to them).</summary>
    public IReadOnlyList<DestinationTemplate> Templates { get; init; } = [];

    /// <summary>Gets the resource's own annotations, which templates read as <c>.Annotations</c>.</summary>
    public IReadOnlyDictionary<string, string> SourceAnnotations { get; init; } = new Dictionary<string, string>();

    /// <summary>Gets the resource's own labels, which templates read as <c>.Labels</c>.</summary>
    public IReadOnlyDictionary<string, string> SourceLabels { get; init; } = new Dictionary<string, string>();
}
