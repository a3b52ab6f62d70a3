// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

namespace Vault.Kubernetes.Templates;

/// <summary>Options for parsing a <see cref="VaultTemplate"/>.</summary>
public sealed class TemplateParseOptions
{
    /// <summary>The left delimiter used when none is configured.</summary>
    public const string DefaultLeftDelimiter = "{{";

    /// <summary>The right delimiter used when none is configured.</summary>
    public const string DefaultRightDelimiter = "}}";

    /// <summary>The template name used when none is given.</summary>
    public const string DefaultName = "inline";

    /// <summary>Gets or sets the template name used in error messages.</summary>
    /// <value>The default is <see cref="DefaultName"/>.</value>
    public string? Name { get; set; }

    /// <summary>Gets or sets the left action delimiter (the injector's <c>agent-template-left-delim-&lt;name&gt;</c>).</summary>
    /// <value>The default is <c>{{</c>.</value>
    public string? LeftDelimiter { get; set; }

    /// <summary>Gets or sets the right action delimiter (the injector's <c>agent-template-right-delim-&lt;name&gt;</c>).</summary>
    /// <value>The default is <c>}}</c>.</value>
    public string? RightDelimiter { get; set; }

    /// <summary>Gets or sets the functions the template may call; any other name fails at parse time, naming it.</summary>
    /// <value>The default is <see cref="TemplateFunctionSet.ConsulTemplate"/>, Vault Agent's.</value>
    public TemplateFunctionSet Functions { get; set; }
}
