// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

namespace Vault.Kubernetes.Templates;

/// <summary>The vault-k8s injector's default templates, used when a secret has no <c>agent-inject-template-&lt;name&gt;</c> (annotation <c>agent-inject-default-template</c>).</summary>
public enum InjectorDefaultFormat
{
    /// <summary>One <c>key: value</c> line per entry of <c>.Data</c> (for KV v2 that is the <c>data</c> and <c>metadata</c> maps, printed as Go maps).</summary>
    Map,

    /// <summary><c>.Data</c> as compact JSON followed by a newline.</summary>
    Json,
}
