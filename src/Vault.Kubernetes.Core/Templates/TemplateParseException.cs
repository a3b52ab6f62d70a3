// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

namespace Vault.Kubernetes.Templates;

/// <summary>The error thrown when a template cannot be parsed: bad syntax, or a construct outside the supported subset.</summary>
/// <remarks>Example message: <c>template "db.tmpl" line 3, column 12: unsupported function "plugin"</c>.</remarks>
public sealed class TemplateParseException : TemplateException
{
    /// <summary>Initializes a new instance of the <see cref="TemplateParseException"/> class.</summary>
    /// <param name="templateName">The name of the template.</param>
    /// <param name="line">The 1-based line of the construct at fault.</param>
    /// <param name="column">The 1-based column of the construct at fault.</param>
    /// <param name="construct">The name of the construct at fault.</param>
    /// <param name="reason">What is wrong.</param>
    public TemplateParseException(string templateName, int line, int column, string construct, string reason)
        : base(templateName, line, column, construct, reason)
    {
    }
}
