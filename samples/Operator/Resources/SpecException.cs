// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

namespace Vault.Kubernetes.Operator.Resources;

/// <summary>A custom resource whose spec cannot work; names the field so the condition tells the user what to fix.</summary>
internal sealed class SpecException : Exception
{
    public SpecException(string field, string problem)
        : base($"{field}: {problem}")
    {
        Field = field;
    }

    /// <summary>Gets the JSON path of the offending field, for example <c>spec.path</c>.</summary>
    public string Field { get; }
}
