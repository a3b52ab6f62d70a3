// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.IO;

namespace Vault.Kubernetes.Annotations;

/// <summary>Reads a pod's <c>vault.hashicorp.com/</c> annotations into a validated <see cref="AgentConfig"/>, as the injector and the agent understand them.</summary>
public static class AnnotationConfigReader
{
    /// <summary>Builds the configuration from annotations; every problem is collected before failing.</summary>
    /// <param name="annotations">The pod's annotations; other prefixes are ignored.</param>
    /// <returns>The configuration; annotations the agent does not know are listed in <see cref="AgentConfig.Warnings"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="annotations"/> is <see langword="null"/>.</exception>
    /// <exception cref="AgentConfigurationException">An annotation is missing or malformed; <see cref="AgentConfigurationException.Errors"/> names each one.</exception>
    public static AgentConfig Read(IReadOnlyDictionary<string, string> annotations) =>
        AgentConfigBuilder.Build(AnnotationSettingsReader.Read(annotations), name => SettingNames.AnnotationPrefix + name);

    /// <summary>Builds the configuration from annotations without touching the file system: files they name (<c>ca-cert</c>) are checked for form only.</summary>
    /// <param name="annotations">The pod's annotations; other prefixes are ignored.</param>
    /// <returns>The configuration.</returns>
    /// <remarks>For the injector webhook: the files are in the pod, not in the webhook's container.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="annotations"/> is <see langword="null"/>.</exception>
    /// <exception cref="AgentConfigurationException">An annotation is missing or malformed; <see cref="AgentConfigurationException.Errors"/> names each one.</exception>
    public static AgentConfig ReadWithoutFiles(IReadOnlyDictionary<string, string> annotations) =>
        AgentConfigBuilder.Build(AnnotationSettingsReader.Read(annotations), name => SettingNames.AnnotationPrefix + name, checkFilesExist: false);

    /// <summary>Builds the configuration from a downward-API annotations file.</summary>
    /// <param name="path">The file, for example <c>/vault/podinfo/annotations</c>.</param>
    /// <returns>The configuration.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty.</exception>
    /// <exception cref="AgentConfigurationException">The file cannot be read, or an annotation is missing or malformed.</exception>
    public static AgentConfig ReadFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return Read(AnnotationFile.Parse(ReadAllText(path), path));
    }

    /// <summary>Reads a configuration file, turning I/O failures into an <see cref="AgentConfigurationException"/> that names the file.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The file's text.</returns>
    /// <exception cref="AgentConfigurationException">The file cannot be read.</exception>
    public static string ReadAllText(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new AgentConfigurationException($"{path}: cannot read the file: {ex.Message}", ex);
        }
    }
}
