// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using Vault.Kubernetes.Annotations;

namespace Vault.Kubernetes.Agent.Configuration;

/// <summary>Loads the agent configuration from the pod's annotations (a downward-API file) or from a JSON file.</summary>
internal static class AgentConfigLoader
{
    /// <summary>Builds the configuration from annotations.</summary>
    /// <param name="annotations">The pod's annotations.</param>
    /// <returns>The configuration.</returns>
    /// <exception cref="AgentConfigurationException">An annotation is missing or malformed.</exception>
    public static AgentConfig FromAnnotations(IReadOnlyDictionary<string, string> annotations) => AnnotationConfigReader.Read(annotations);

    /// <summary>Builds the configuration from a downward-API annotations file.</summary>
    /// <param name="path">The file, for example <c>/vault/podinfo/annotations</c>.</param>
    /// <returns>The configuration.</returns>
    /// <exception cref="AgentConfigurationException">The file cannot be read, or an annotation is missing or malformed.</exception>
    public static AgentConfig FromAnnotationFile(string path) => AnnotationConfigReader.ReadFile(path);

    /// <summary>Builds the configuration from a JSON file (the agent's own format; the injector has no use for it).</summary>
    /// <param name="path">The file.</param>
    /// <returns>The configuration.</returns>
    /// <exception cref="AgentConfigurationException">The file cannot be read, is not valid JSON, or a setting is missing or malformed.</exception>
    public static AgentConfig FromJsonFile(string path) =>
        AgentConfigBuilder.Build(JsonSettingsReader.Read(AnnotationConfigReader.ReadAllText(path), path), JsonSettingsReader.Describe);
}
