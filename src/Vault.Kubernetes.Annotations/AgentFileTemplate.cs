// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Globalization;
using Vault.Kubernetes.Secrets;
using Vault.Kubernetes.Templates;

namespace Vault.Kubernetes.Annotations;

/// <summary>Compiles an agent file's template (its own, or the injector's default format) into a <see cref="SecretTemplate"/>: what it reads and how it renders.</summary>
public static class AgentFileTemplate
{
    /// <summary>Compiles a file's template.</summary>
    /// <param name="spec">The file.</param>
    /// <returns>The template bound to the secrets it reads.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="spec"/> is <see langword="null"/>.</exception>
    /// <exception cref="AgentConfigurationException">The template does not parse, or names a secret the agent cannot read; the message names the template's source, line and column.</exception>
    /// <remarks>
    /// Without a template the file renders as the injector does, with its default template (<c>map</c> or <c>json</c>); for a KV
    /// version 2 secret <c>.Data</c> is then Vault's response object, with <c>data</c> and <c>metadata</c>.
    /// </remarks>
    public static SecretTemplate Create(AgentFileSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        string source = spec.TemplateSource ?? spec.Source;
        try
        {
            return SecretTemplate.Create(Parse(spec), (path, version) => Classify(spec, path, version));
        }
        catch (Exception ex) when (ex is TemplateParseException or ArgumentException or NotSupportedException)
        {
            throw new AgentConfigurationException($"{source}: {ex.Message}", ex);
        }
    }

    private static VaultTemplate Parse(AgentFileSpec spec)
    {
        if (spec.Template is string text)
        {
            return VaultTemplate.Parse(text, new TemplateParseOptions { Name = spec.Name, LeftDelimiter = spec.LeftDelimiter, RightDelimiter = spec.RightDelimiter });
        }

        // A pinned version travels in the path, as it would in a template, so the spec keeps it.
        string path = spec.Version is int version ? spec.SecretPath + "?version=" + version.ToString(CultureInfo.InvariantCulture) : spec.SecretPath;
        return VaultTemplate.CreateInjectorDefault(path, spec.DefaultFormat == DefaultTemplateFormat.Json ? InjectorDefaultFormat.Json : InjectorDefaultFormat.Map, spec.Name);
    }

    // The annotation's own path keeps the file's kind (the JSON file may set one explicitly); other paths are classified by convention.
    private static SecretSourceKind Classify(AgentFileSpec spec, string path, int? version) =>
        string.Equals(path, spec.SecretPath, StringComparison.Ordinal) && version == spec.Version ? spec.Kind : SecretKindClassifier.Classify(path);
}
