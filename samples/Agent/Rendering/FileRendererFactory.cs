// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using Vault.Kubernetes.Annotations;

namespace Vault.Kubernetes.Agent.Rendering;

/// <summary>Creates each file's renderer at start: the default format without a template, the template engine with one; template errors fail the start.</summary>
internal static class FileRendererFactory
{
    /// <summary>Creates the files of a configuration.</summary>
    /// <param name="config">The configuration.</param>
    /// <returns>The files, in configuration order.</returns>
    /// <exception cref="AgentConfigurationException">A template does not parse; every error names the annotation, line and column.</exception>
    public static IReadOnlyList<AgentFile> Create(AgentConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var files = new List<AgentFile>(config.Files.Count);
        var errors = new List<string>();
        foreach (AgentFileSpec spec in config.Files)
        {
            if (spec.Template is null)
            {
                files.Add(new AgentFile(spec, TemplateFileRenderer.CreateDefault(spec)));
                continue;
            }

            try
            {
                files.Add(new AgentFile(spec, TemplateFileRenderer.Create(spec)));
            }
            catch (AgentConfigurationException ex)
            {
                errors.AddRange(ex.Errors);
            }
        }

        if (errors.Count > 0)
        {
            throw new AgentConfigurationException(errors);
        }

        return files;
    }
}
