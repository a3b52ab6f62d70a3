// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Globalization;
using Vault.Kubernetes.Annotations;
using Vault.Kubernetes.Secrets;
using Vault.Kubernetes.Sync;
using Vault.Kubernetes.Templates;

namespace Vault.Kubernetes.Agent.Rendering;

/// <summary>Renders a file from a Vault Agent template (the file's own, or the injector's default), from the snapshots the sync engine keeps of every secret the template names.</summary>
/// <remarks>
/// Every <c>secret</c> call with literal arguments becomes one engine dependency (shared with other files that name the same
/// secret), so the engine's lease plan, not the template, decides when each secret is re-read. Unlike consul-template, secrets
/// named in branches a render does not take are read too.
/// </remarks>
internal sealed class TemplateFileRenderer : IFileRenderer
{
    private readonly AgentFileSpec _file;
    private readonly VaultTemplate _template;
    private readonly IReadOnlyList<(TemplateSecretRequest Request, SecretDependency Dependency)> _requests;
    private readonly TemplateRenderOptions _options;

    private TemplateFileRenderer(AgentFileSpec file, VaultTemplate template, IReadOnlyList<(TemplateSecretRequest, SecretDependency)> requests)
    {
        _file = file;
        _template = template;
        _requests = requests;
        _options = new TemplateRenderOptions { ErrorOnMissingKey = file.ErrorOnMissingKey };
        Dependencies = [.. requests.Select(r => r.Item2).DistinctBy(d => d.Key, StringComparer.Ordinal)];
    }

    /// <inheritdoc/>
    public IReadOnlyList<SecretDependency> Dependencies { get; }

    /// <summary>Parses the file's template; a parse error fails the agent's start with the template's line and column.</summary>
    /// <param name="spec">The file; <see cref="AgentFileSpec.Template"/> must be set.</param>
    /// <returns>The renderer.</returns>
    /// <exception cref="AgentConfigurationException">The template does not parse, names no secret, or computes a secret path at render time.</exception>
    public static IFileRenderer Create(AgentFileSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        string source = spec.TemplateSource ?? spec.Source;
        VaultTemplate template;
        try
        {
            template = VaultTemplate.Parse(spec.Template!, new TemplateParseOptions
            {
                Name = spec.Name,
                LeftDelimiter = spec.LeftDelimiter,
                RightDelimiter = spec.RightDelimiter,
            });
        }
        catch (TemplateParseException ex)
        {
            throw new AgentConfigurationException($"{source}: {ex.Message}", ex);
        }
        catch (ArgumentException ex)
        {
            throw new AgentConfigurationException($"{source}: {ex.Message}", ex);
        }

        if (template.HasDynamicDependencies)
        {
            throw new AgentConfigurationException($"{source}: a secret path computed while rendering (for example from env) is not supported; write the path literally");
        }

        return FromTemplate(spec, template);
    }

    /// <summary>Renders a file without a template the way the injector does: with its default template, <c>map</c> or <c>json</c>.</summary>
    /// <param name="spec">The file; <see cref="AgentFileSpec.Template"/> is not used.</param>
    /// <returns>The renderer.</returns>
    /// <remarks>
    /// For a KV version 2 secret <c>.Data</c> is Vault's response object, so it has two entries, <c>data</c> and <c>metadata</c>;
    /// the metadata carries the version that was read (the engine does not keep the rest of Vault's metadata).
    /// </remarks>
    public static IFileRenderer CreateDefault(AgentFileSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);

        // A pinned version travels in the path, as it would in a template, so the dependency keeps it.
        string path = spec.Version is int version
            ? spec.SecretPath + "?version=" + version.ToString(CultureInfo.InvariantCulture)
            : spec.SecretPath;
        InjectorDefaultFormat format = spec.DefaultFormat == DefaultTemplateFormat.Json ? InjectorDefaultFormat.Json : InjectorDefaultFormat.Map;
        return FromTemplate(spec, VaultTemplate.CreateInjectorDefault(path, format, spec.Name));
    }

    private static TemplateFileRenderer FromTemplate(AgentFileSpec spec, VaultTemplate template)
    {
        var requests = template.Dependencies.Select(r => (r, ToDependency(r, spec))).ToList();
        return new TemplateFileRenderer(spec, template, requests);
    }

    /// <inheritdoc/>
    public ValueTask<string> RenderAsync(IReadOnlyDictionary<string, SecretSnapshot> secrets, CancellationToken cancellationToken = default)
    {
        var provided = new Dictionary<TemplateSecretRequest, TemplateSecret>();
        foreach ((TemplateSecretRequest request, SecretDependency dependency) in _requests)
        {
            if (!secrets.TryGetValue(dependency.Key, out SecretSnapshot? snapshot))
            {
                throw new FileRenderException($"{_file.Destination} ({_file.Source}): the secret {dependency.Key} has not been read");
            }

            provided[request] = new TemplateSecret(ResponseData.From(snapshot))
            {
                LeaseId = snapshot.LeaseId,
                LeaseDuration = (long)snapshot.LeaseDuration.TotalSeconds,
                Renewable = snapshot.Renewable,
                Warnings = snapshot.Warnings,
            };
        }

        try
        {
            return ValueTask.FromResult(_template.Render(provided, _options));
        }
        catch (TemplateException ex)
        {
            // Template errors name the construct, line and column, never a rendered value.
            throw new FileRenderException($"{_file.Destination} ({_file.TemplateSource ?? _file.Source}): {ex.Message}", ex);
        }
    }

    private static SecretDependency ToDependency(TemplateSecretRequest request, AgentFileSpec spec)
    {
        string path = request.PathWithoutQuery;
        int? version = null;
        string query = request.Query;
        if (query.Length > 0)
        {
            if (!query.StartsWith("version=", StringComparison.Ordinal)
                || !int.TryParse(query["version=".Length..], NumberStyles.None, CultureInfo.InvariantCulture, out int v) || v <= 0)
            {
                throw new AgentConfigurationException($"{spec.TemplateSource}: secret \"{request.Path}\" has an unsupported query (only ?version=<positive number>)");
            }

            version = v;
        }

        SecretSourceKind kind = request.IsWrite ? SecretSourceKind.Dynamic : SecretKindClassifier.Classify(path);
        if (string.Equals(path, spec.SecretPath, StringComparison.Ordinal) && !request.IsWrite && version == spec.Version)
        {
            // The annotation's path: keep its kind (the JSON file may set one explicitly).
            kind = spec.Kind;
        }

        Dictionary<string, string>? body = request.IsWrite ? request.Parameters.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal) : null;
        return SecretDependency.Create(path, kind, version, body);
    }
}
