// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

namespace Vault.Kubernetes.Templates;

/// <summary>Which functions a template may call besides Go's built-ins.</summary>
public enum TemplateFunctionSet
{
    /// <summary>Vault Agent's: consul-template's helpers, <c>secret</c> and <c>env</c> included (the default).</summary>
    ConsulTemplate = 0,

    /// <summary>
    /// The Vault Secrets Operator's transformation templates: a subset of sprig (<c>b64enc</c>, <c>b64dec</c>, <c>upper</c>,
    /// <c>lower</c>, <c>title</c>, <c>trim</c>, <c>trimPrefix</c>, <c>trimSuffix</c>, <c>replace</c>, <c>quote</c>, <c>squote</c>,
    /// <c>default</c>, <c>toJson</c>, <c>toPrettyJson</c>, <c>contains</c>, <c>hasPrefix</c>, <c>hasSuffix</c>, <c>join</c>,
    /// <c>splitList</c>, <c>indent</c>, <c>nindent</c>, <c>sha256sum</c>, <c>get</c>); no <c>secret</c> and no <c>env</c>: the
    /// data comes from <see cref="TemplateRenderOptions.Data"/>.
    /// </summary>
    Sprig = 1,
}
