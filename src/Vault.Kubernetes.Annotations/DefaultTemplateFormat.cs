// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

namespace Vault.Kubernetes.Annotations;

/// <summary>The injector's default rendering of a secret without a template (<c>agent-inject-default-template</c>).</summary>
public enum DefaultTemplateFormat
{
    /// <summary>One <c>key: value</c> line per entry of <c>.Data</c>, values printed as Go prints them.</summary>
    Map = 0,

    /// <summary><c>.Data</c> as compact JSON.</summary>
    Json = 1,
}
