// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Globalization;

namespace Vault.Kubernetes.Templates;

/// <summary>The base of the errors a Vault template reports, each pointing at a line, a column and the construct at fault.</summary>
/// <remarks>
/// Messages name the template, the position and the construct (a function, an action keyword, a field), never a
/// secret value, so they are safe to log.
/// </remarks>
public abstract class TemplateException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="TemplateException"/> class.</summary>
    /// <param name="templateName">The name of the template.</param>
    /// <param name="line">The 1-based line of the construct at fault.</param>
    /// <param name="column">The 1-based column of the construct at fault.</param>
    /// <param name="construct">The name of the construct at fault.</param>
    /// <param name="reason">What is wrong, without any secret value.</param>
    protected TemplateException(string templateName, int line, int column, string construct, string reason)
        : base(Format(templateName, line, column, reason))
    {
        TemplateName = templateName;
        Line = line;
        Column = column;
        Construct = construct;
        Reason = reason;
    }

    /// <summary>Gets the name of the template.</summary>
    public string TemplateName { get; }

    /// <summary>Gets the 1-based line of the construct at fault.</summary>
    public int Line { get; }

    /// <summary>Gets the 1-based column (in characters) of the construct at fault.</summary>
    public int Column { get; }

    /// <summary>Gets the name of the construct at fault, for example <c>plugin</c>, <c>template</c>, <c>with</c> or <c>base64Decode</c>.</summary>
    public string Construct { get; }

    /// <summary>Gets what is wrong, without the template name and position.</summary>
    public string Reason { get; }

    private static string Format(string templateName, int line, int column, string reason) =>
        string.Create(CultureInfo.InvariantCulture, $"template \"{templateName}\" line {line}, column {column}: {reason}");
}
