// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

namespace Vault.Kubernetes.Templates;

/// <summary>The error thrown when a parsed template fails while rendering, for example <c>index</c> on a string or <c>base64Decode</c> of bad input.</summary>
/// <remarks>The message names the template, the position and the construct; it never contains a secret value.</remarks>
public sealed class TemplateRenderException : TemplateException
{
    /// <summary>Initializes a new instance of the <see cref="TemplateRenderException"/> class.</summary>
    /// <param name="templateName">The name of the template.</param>
    /// <param name="line">The 1-based line of the construct at fault.</param>
    /// <param name="column">The 1-based column of the construct at fault.</param>
    /// <param name="construct">The name of the construct at fault.</param>
    /// <param name="reason">What is wrong, without any secret value.</param>
    public TemplateRenderException(string templateName, int line, int column, string construct, string reason)
        : base(templateName, line, column, construct, reason)
    {
    }
}
