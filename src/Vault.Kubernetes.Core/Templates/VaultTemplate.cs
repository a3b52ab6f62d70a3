// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;

namespace Vault.Kubernetes.Templates;

/// <summary>A parsed Vault Agent / consul-template template: parse once, then render many times.</summary>
/// <remarks>
/// <para>
/// Supported: text with <c>{{ }}</c> actions (or custom delimiters), <c>{{-</c>/<c>-}}</c> trimming, comments,
/// <c>if</c>/<c>else if</c>/<c>else</c>, <c>with</c>/<c>else with</c>, <c>range</c> (with <c>$k, $v :=</c>, <c>else</c>,
/// <c>break</c>, <c>continue</c>), variables, pipelines, parenthesized calls, field chains such as
/// <c>.Data.data.password</c>, and the functions <c>secret</c>, <c>index</c>, <c>len</c>, <c>printf</c>, <c>print</c>,
/// <c>println</c>, <c>eq ne lt le gt ge and or not</c>, <c>toJSON</c>, <c>toUnescapedJSON</c>, <c>toJSONPretty</c>,
/// <c>parseJSON</c>, <c>base64Encode/Decode</c>, <c>base64URLEncode/Decode</c>, <c>toUpper</c>, <c>toLower</c>,
/// <c>trimSpace</c>, <c>trimPrefix</c>, <c>trimSuffix</c>, <c>toTitle</c>, <c>split</c>, <c>join</c>, <c>replaceAll</c>,
/// <c>contains</c>, <c>in</c>, <c>indent</c>, <c>sha256Hex</c>, <c>md5sum</c>, <c>regexMatch</c>, <c>regexReplaceAll</c>
/// (Go RE2 syntax, run in linear time), <c>add subtract multiply divide modulo minimum maximum</c> (integers stay
/// integers, any float gives a float), <c>env</c> and <c>envOrDefault</c>. Anything else (<c>template</c>, <c>define</c>, <c>block</c>, <c>pkiCert</c>,
/// <c>plugin</c>, <c>sprig_*</c>, ...) fails in <see cref="Parse(string, string?)"/> with its line and column.
/// </para>
/// <para>
/// Semantics follow Go's <c>text/template</c>: maps range in sorted key order, a missing key prints
/// <c>&lt;no value&gt;</c> (unless <see cref="TemplateRenderOptions.ErrorOnMissingKey"/>), <c>with</c> and <c>if</c>
/// skip empty values (false, 0, nil, empty string, map or list). Instances are immutable and thread-safe.
/// </para>
/// </remarks>
public sealed class VaultTemplate
{
    // Each fetched secret restarts the render once; the cap stops a template that ranges over an unbounded list of paths.
    private const int MaxSecretsPerRender = 256;

    private readonly ListNode _root;

    private VaultTemplate(string name, ListNode root, IReadOnlyList<TemplateSecretRequest> dependencies, bool hasDynamicDependencies)
    {
        Name = name;
        _root = root;
        Dependencies = dependencies;
        HasDynamicDependencies = hasDynamicDependencies;
    }

    /// <summary>Gets the template name used in error messages.</summary>
    public string Name { get; }

    /// <summary>Gets the distinct secret requests written with literal arguments, in source order.</summary>
    /// <remarks>
    /// An engine can union these across templates to know what to watch and to share one cache of fetched secrets. The
    /// list includes <c>secret</c> calls inside branches that a render may not take; <see cref="RenderAsync"/> fetches
    /// only what it reaches. Paths are as written; see <see cref="TemplateSecretRequest.ForKvV2Mount(string)"/>.
    /// </remarks>
    public IReadOnlyList<TemplateSecretRequest> Dependencies { get; }

    /// <summary>Gets a value indicating whether some <c>secret</c> call computes its arguments (for example from <c>env</c>), so its request is known only while rendering.</summary>
    public bool HasDynamicDependencies { get; }

    /// <summary>Parses a template with the default <c>{{</c>/<c>}}</c> delimiters.</summary>
    /// <param name="text">The template source.</param>
    /// <param name="name">The name used in error messages; <c>inline</c> when <see langword="null"/>.</param>
    /// <returns>The parsed template.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is <see langword="null"/>.</exception>
    /// <exception cref="TemplateParseException">The text is not valid or uses an unsupported construct.</exception>
    public static VaultTemplate Parse(string text, string? name = null) =>
        Parse(text, new TemplateParseOptions { Name = name });

    /// <summary>Parses a template with the given name and delimiters.</summary>
    /// <param name="text">The template source.</param>
    /// <param name="options">The name and delimiters.</param>
    /// <returns>The parsed template.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> or <paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">A delimiter is empty or contains whitespace.</exception>
    /// <exception cref="TemplateParseException">The text is not valid or uses an unsupported construct.</exception>
    public static VaultTemplate Parse(string text, TemplateParseOptions options)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(options);
        string name = string.IsNullOrEmpty(options.Name) ? TemplateParseOptions.DefaultName : options.Name;
        string left = ValidateDelimiter(options.LeftDelimiter, TemplateParseOptions.DefaultLeftDelimiter, nameof(options.LeftDelimiter));
        string right = ValidateDelimiter(options.RightDelimiter, TemplateParseOptions.DefaultRightDelimiter, nameof(options.RightDelimiter));
        (ListNode root, IReadOnlyList<TemplateSecretRequest> dependencies, bool dynamic) = TemplateParser.Parse(text, name, left, right, options.Functions);
        return new VaultTemplate(name, root, dependencies, dynamic);
    }

    /// <summary>Creates the template the vault-k8s injector renders for a secret that has no template of its own.</summary>
    /// <param name="secretPath">The Vault path from <c>agent-inject-secret-&lt;name&gt;</c>.</param>
    /// <param name="format">The default template kind.</param>
    /// <param name="name">The name used in error messages; <c>inline</c> when <see langword="null"/>.</param>
    /// <returns>The parsed template, equivalent to the injector's <c>map</c> or <c>json</c> default.</returns>
    /// <exception cref="ArgumentException"><paramref name="secretPath"/> is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="format"/> is not defined.</exception>
    public static VaultTemplate CreateInjectorDefault(string secretPath, InjectorDefaultFormat format = InjectorDefaultFormat.Map, string? name = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(secretPath);
        string quoted = GoFormat.Quote(secretPath);
        string text = format switch
        {
            InjectorDefaultFormat.Map => "{{ with secret " + quoted + " }}{{ range $k, $v := .Data }}{{ $k }}: {{ $v }}\n{{ end }}{{ end }}",
            InjectorDefaultFormat.Json => "{{ with secret " + quoted + " }}{{ .Data | toJSON }}\n{{ end }}",
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown injector default template format."),
        };
        return Parse(text, name);
    }

    /// <summary>Tries to parse a template with the default delimiters.</summary>
    /// <param name="text">The template source.</param>
    /// <param name="name">The name used in error messages; <c>inline</c> when <see langword="null"/>.</param>
    /// <param name="template">The parsed template, or <see langword="null"/> on failure.</param>
    /// <param name="error">The parse error, or <see langword="null"/> on success.</param>
    /// <returns><see langword="true"/> when the text parsed.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is <see langword="null"/>.</exception>
    public static bool TryParse(
        string text,
        string? name,
        [NotNullWhen(true)] out VaultTemplate? template,
        [NotNullWhen(false)] out TemplateParseException? error)
    {
        try
        {
            template = Parse(text, name);
            error = null;
            return true;
        }
        catch (TemplateParseException ex)
        {
            template = null;
            error = ex;
            return false;
        }
    }

    /// <summary>Renders the template, fetching each secret it reaches from <paramref name="source"/> once.</summary>
    /// <param name="source">The source of secrets.</param>
    /// <param name="options">The render options; defaults when <see langword="null"/>.</param>
    /// <param name="cancellationToken">A token that cancels the fetches.</param>
    /// <returns>The rendered text.</returns>
    /// <remarks>
    /// As in consul-template, a secret is fetched only when rendering reaches it, so a <c>secret</c> call in a branch
    /// that is not taken never creates a lease. The render restarts after each fetch; the parsed tree is reused, so
    /// this costs no re-parsing. Errors from <paramref name="source"/> propagate unchanged.
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="source"/> is <see langword="null"/>.</exception>
    /// <exception cref="TemplateRenderException">The template failed while rendering.</exception>
    /// <exception cref="InvalidOperationException"><paramref name="source"/> returned <see langword="null"/> for a request.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async ValueTask<string> RenderAsync(
        ITemplateSecretSource source,
        TemplateRenderOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        var fetched = new Dictionary<TemplateSecretRequest, TemplateSecret>();
        while (true)
        {
            try
            {
                return RenderCore(fetched, options);
            }
            catch (MissingSecretException missing) when (fetched.Count < MaxSecretsPerRender)
            {
                cancellationToken.ThrowIfCancellationRequested();
                TemplateSecret? secret = await source.GetSecretAsync(missing.Request, cancellationToken).ConfigureAwait(false);
                fetched[missing.Request] = secret ?? throw new InvalidOperationException($"The secret source returned null for \"{missing.Request}\".");
            }
            catch (MissingSecretException missing)
            {
                throw new TemplateRenderException(Name, missing.Position.Line, missing.Position.Column, TemplateFunctions.SecretFunctionName,
                    string.Create(CultureInfo.InvariantCulture, $"the template asks for more than {MaxSecretsPerRender} distinct secrets"));
            }
        }
    }

    /// <summary>Renders the template from secrets fetched beforehand, for engines that prefetch <see cref="Dependencies"/>.</summary>
    /// <param name="secrets">The secrets by request, as written in the template.</param>
    /// <param name="options">The render options; defaults when <see langword="null"/>.</param>
    /// <returns>The rendered text.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="secrets"/> is <see langword="null"/>.</exception>
    /// <exception cref="TemplateRenderException">The template failed while rendering, or asked for a secret missing from <paramref name="secrets"/>.</exception>
    public string Render(IReadOnlyDictionary<TemplateSecretRequest, TemplateSecret> secrets, TemplateRenderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        try
        {
            return RenderCore(secrets, options);
        }
        catch (MissingSecretException missing)
        {
            throw new TemplateRenderException(Name, missing.Position.Line, missing.Position.Column, TemplateFunctions.SecretFunctionName,
                $"secret \"{missing.Request}\" was not provided");
        }
    }

    /// <inheritdoc/>
    public override string ToString() => $"VaultTemplate {{ Name = {Name}, Dependencies = {Dependencies.Count} }}";

    private static string ValidateDelimiter(string? delimiter, string fallback, string parameterName)
    {
        if (delimiter is null)
        {
            return fallback;
        }

        if (delimiter.Length == 0 || delimiter.AsSpan().ContainsAny(" \t\r\n"))
        {
            throw new ArgumentException("A template delimiter must be non-empty and contain no whitespace.", parameterName);
        }

        return delimiter;
    }

    private string RenderCore(IReadOnlyDictionary<TemplateSecretRequest, TemplateSecret> secrets, TemplateRenderOptions? options)
    {
        var evaluator = new TemplateEvaluator(Name, options ?? new TemplateRenderOptions(),
            request => secrets.TryGetValue(request, out TemplateSecret? secret) ? secret : null);
        return evaluator.Render(_root);
    }
}
