// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;

namespace Vault.Kubernetes.Annotations;

/// <summary>Reports every problem found in the agent's annotations or configuration file; each error names the annotation or field.</summary>
public sealed class AgentConfigurationException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="AgentConfigurationException"/> class.</summary>
    public AgentConfigurationException()
        : this([])
    {
    }

    /// <summary>Initializes a new instance of the <see cref="AgentConfigurationException"/> class with one error.</summary>
    /// <param name="message">The error.</param>
    public AgentConfigurationException(string message)
        : this([message])
    {
    }

    /// <summary>Initializes a new instance of the <see cref="AgentConfigurationException"/> class with one error and its cause.</summary>
    /// <param name="message">The error.</param>
    /// <param name="innerException">The cause.</param>
    public AgentConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = [message];
    }

    /// <summary>Initializes a new instance of the <see cref="AgentConfigurationException"/> class with a list of errors.</summary>
    /// <param name="errors">The errors, each naming its annotation or field.</param>
    public AgentConfigurationException(IReadOnlyList<string> errors)
        : base(Format(errors))
    {
        Errors = errors;
    }

    /// <summary>Gets every error, each naming its annotation or field.</summary>
    public IReadOnlyList<string> Errors { get; }

    private static string Format(IReadOnlyList<string> errors) => errors.Count switch
    {
        0 => "The agent configuration is invalid.",
        1 => "The agent configuration is invalid: " + errors[0],
        _ => "The agent configuration is invalid:" + Environment.NewLine + string.Join(Environment.NewLine, errors.Select(e => "  - " + e)),
    };
}
