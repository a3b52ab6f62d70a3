// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using Vault.Kubernetes.Agent.Configuration;

namespace Vault.Kubernetes.Agent.Rendering;

/// <summary>Renders a file from a Vault Agent template.</summary>
internal static class TemplateFileRenderer
{
    /// <summary>Parses the file's template.</summary>
    /// <param name="spec">The file.</param>
    /// <returns>The renderer.</returns>
    /// <exception cref="AgentConfigurationException">The template does not parse.</exception>
    public static IFileRenderer Create(AgentFileSpec spec) =>
        throw new AgentConfigurationException($"{spec.TemplateSource}: templates need the Vault.Kubernetes template engine, which this build lacks");
}
