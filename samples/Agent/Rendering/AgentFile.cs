// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using Vault.Kubernetes.Annotations;
using Vault.Kubernetes.Secrets;
using Vault.Kubernetes.Templates;

namespace Vault.Kubernetes.Agent.Rendering;

/// <summary>A file the agent keeps: its configuration and its compiled template.</summary>
/// <param name="Spec">The file's configuration.</param>
/// <param name="Template">The template and the secrets it reads.</param>
internal sealed record AgentFile(AgentFileSpec Spec, SecretTemplate Template)
{
    /// <summary>Initializes a new instance of the <see cref="AgentFile"/> class, compiling the file's template.</summary>
    /// <param name="spec">The file's configuration.</param>
    /// <exception cref="AgentConfigurationException">The template does not compile.</exception>
    public AgentFile(AgentFileSpec spec)
        : this(spec, AgentFileTemplate.Create(spec))
    {
    }

    /// <summary>Gets the lock that keeps two secrets of one file from rendering it at the same time.</summary>
    public SemaphoreSlim Gate { get; } = new(1, 1);

    /// <summary>Gets the files of a configuration, with the templates compiled while it was read.</summary>
    /// <param name="config">The configuration.</param>
    /// <returns>The files, in configuration order.</returns>
    public static IReadOnlyList<AgentFile> From(AgentConfig config) => [.. config.Files.Select(f => new AgentFile(f, config.Templates[f.Name]))];

    /// <summary>Tells whether the file reads the secret with spec name <paramref name="key"/>.</summary>
    /// <param name="key">A spec name.</param>
    /// <returns><see langword="true"/> when the file depends on it.</returns>
    public bool DependsOn(string key) => Template.Specs.Any(s => string.Equals(s.Name, key, StringComparison.Ordinal));

    /// <summary>Renders the file.</summary>
    /// <param name="secrets">The latest snapshot of every secret, keyed by spec name.</param>
    /// <returns>The content.</returns>
    /// <exception cref="FileRenderException">A secret is missing or the template fails; the message names the file, never a secret value.</exception>
    public string Render(IReadOnlyDictionary<string, SecretSnapshot> secrets)
    {
        try
        {
            return Template.Render(secrets, new TemplateRenderOptions { ErrorOnMissingKey = Spec.ErrorOnMissingKey });
        }
        catch (Exception ex) when (ex is TemplateException or KeyNotFoundException)
        {
            // Template errors name the construct, line and column, never a rendered value.
            throw new FileRenderException($"{Spec.Destination} ({Spec.TemplateSource ?? Spec.Source}): {ex.Message}", ex);
        }
    }
}
