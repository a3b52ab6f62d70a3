// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using Vault.Kubernetes.Templates;

namespace Vault.Kubernetes.Secrets;

/// <summary>A Vault Agent template bound to the secrets it names: each literal <c>secret</c> call is one <see cref="SecretSpec"/> for the sync engine, and the template renders from the engine's snapshots.</summary>
/// <remarks>
/// <para>
/// The engine's lease plan, not the template, decides when each secret is read again; hosts that write files (the agent) or
/// transform secrets (an operator) add <see cref="Specs"/> to a sync target and render when the target's content arrives.
/// Unlike consul-template, secrets named in branches a render does not take are read too.
/// </para>
/// <para>
/// A spec's <see cref="SecretSpec.Name"/> is its key: the path, plus <c>?version=N</c> for a pinned KV version and the sorted
/// request body for a write-style read (<c>pki/issue</c>), so two templates that name the same secret share one spec.
/// </para>
/// </remarks>
public sealed class SecretTemplate
{
    private readonly IReadOnlyList<(TemplateSecretRequest Request, SecretSpec Spec)> _requests;

    private SecretTemplate(VaultTemplate template, IReadOnlyList<(TemplateSecretRequest, SecretSpec)> requests)
    {
        Template = template;
        _requests = requests;
        Specs = [.. requests.Select(r => r.Item2).DistinctBy(s => s.Name, StringComparer.Ordinal)];
    }

    /// <summary>Gets the parsed template.</summary>
    public VaultTemplate Template { get; }

    /// <summary>Gets the distinct secrets the template reads, in source order.</summary>
    public IReadOnlyList<SecretSpec> Specs { get; }

    /// <summary>Binds a parsed template to the secrets it names.</summary>
    /// <param name="template">The template.</param>
    /// <param name="classify">Decides how a read secret is refreshed from its path and pinned version; write-style reads are always <see cref="SecretSourceKind.Dynamic"/>.</param>
    /// <returns>The bound template.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="NotSupportedException">A secret path is computed while rendering (for example from <c>env</c>), or a path has a query other than <c>?version=N</c>; the message names the secret.</exception>
    public static SecretTemplate Create(VaultTemplate template, Func<string, int?, SecretSourceKind> classify)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(classify);
        if (template.HasDynamicDependencies)
        {
            throw new NotSupportedException("a secret path computed while rendering (for example from env) is not supported; write the path literally");
        }

        var requests = new List<(TemplateSecretRequest, SecretSpec)>(template.Dependencies.Count);
        foreach (TemplateSecretRequest request in template.Dependencies)
        {
            int? version = Version(request);
            SecretSourceKind kind = request.IsWrite ? SecretSourceKind.Dynamic : classify(request.PathWithoutQuery, version);
            IReadOnlyDictionary<string, string>? body = request.IsWrite ? request.Parameters.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal) : null;
            requests.Add((request, CreateSpec(request.PathWithoutQuery, kind, version, body)));
        }

        return new SecretTemplate(template, requests);
    }

    /// <summary>Creates the spec of one secret with its sharing key as name: the path, the pinned version, the sorted request body.</summary>
    /// <param name="path">The Vault path.</param>
    /// <param name="kind">How it is refreshed.</param>
    /// <param name="version">The pinned KV version 2 version, or <see langword="null"/>.</param>
    /// <param name="body">The request body of a write-style read (for example <c>pki/issue</c>), or <see langword="null"/>.</param>
    /// <returns>The spec.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty.</exception>
    public static SecretSpec CreateSpec(string path, SecretSourceKind kind, int? version = null, IReadOnlyDictionary<string, string>? body = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string key = path.Trim('/');
        if (version is int v)
        {
            key += "?version=" + v.ToString(CultureInfo.InvariantCulture);
        }

        bool write = body is { Count: > 0 };
        if (write)
        {
            key += " " + string.Join(" ", body!.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + "=" + p.Value));
        }

        return new SecretSpec(key, path, kind) { Version = version, Body = write ? body : null, UseWrite = write };
    }

    /// <summary>Renders the template from the engine's snapshots.</summary>
    /// <param name="snapshots">The latest snapshot of every spec, keyed by <see cref="SecretSpec.Name"/>.</param>
    /// <param name="options">Render options, or <see langword="null"/> for Go's defaults.</param>
    /// <returns>The rendered text.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="snapshots"/> is <see langword="null"/>.</exception>
    /// <exception cref="KeyNotFoundException">A secret has not been read yet; the message names it.</exception>
    /// <exception cref="TemplateException">The template fails; the message names the construct, line and column, never a value.</exception>
    public string Render(IReadOnlyDictionary<string, SecretSnapshot> snapshots, TemplateRenderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(snapshots);
        var provided = new Dictionary<TemplateSecretRequest, TemplateSecret>(_requests.Count);
        foreach ((TemplateSecretRequest request, SecretSpec spec) in _requests)
        {
            if (!snapshots.TryGetValue(spec.Name, out SecretSnapshot? snapshot))
            {
                throw new KeyNotFoundException($"the secret {spec.Name} has not been read");
            }

            provided[request] = ToTemplateSecret(snapshot);
        }

        return Template.Render(provided, options);
    }

    /// <summary>Builds what a template sees of a secret (<c>.Data</c>, <c>.LeaseID</c>, ...) from a snapshot.</summary>
    /// <param name="snapshot">The secret.</param>
    /// <returns>The template's view.</returns>
    /// <remarks>
    /// For KV version 2 <c>.Data</c> is Vault's response object, <c>data</c> next to <c>metadata</c>; the engine keeps the
    /// version and the custom metadata, so <c>.Data.metadata</c> holds <c>version</c> and <c>custom_metadata</c> (null when
    /// there is none, as Vault answers).
    /// </remarks>
    internal static TemplateSecret ToTemplateSecret(SecretSnapshot snapshot)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            if (snapshot.Version is int version)
            {
                writer.WriteStartObject("data");
                WriteData(writer, snapshot);
                writer.WriteEndObject();
                writer.WriteStartObject("metadata");
                writer.WriteNumber("version", version);
                if (snapshot.CustomMetadata.Count == 0)
                {
                    writer.WriteNull("custom_metadata");
                }
                else
                {
                    writer.WriteStartObject("custom_metadata");
                    foreach (KeyValuePair<string, string> pair in snapshot.CustomMetadata.OrderBy(p => p.Key, StringComparer.Ordinal))
                    {
                        writer.WriteString(pair.Key, pair.Value);
                    }

                    writer.WriteEndObject();
                }

                writer.WriteEndObject();
            }
            else
            {
                WriteData(writer, snapshot);
            }

            writer.WriteEndObject();
        }

        using var document = JsonDocument.Parse(stream.ToArray());
        return new TemplateSecret(document.RootElement)
        {
            LeaseId = snapshot.LeaseId,
            LeaseDuration = (long)snapshot.LeaseDuration.TotalSeconds,
            Renewable = snapshot.Renewable,
            Warnings = snapshot.Warnings,
        };
    }

    private static int? Version(TemplateSecretRequest request)
    {
        string query = request.Query;
        if (query.Length == 0)
        {
            return null;
        }

        if (!query.StartsWith("version=", StringComparison.Ordinal)
            || !int.TryParse(query["version=".Length..], NumberStyles.None, CultureInfo.InvariantCulture, out int version) || version <= 0)
        {
            throw new NotSupportedException($"secret \"{request.Path}\" has an unsupported query (only ?version=<positive number>)");
        }

        return version;
    }

    private static void WriteData(Utf8JsonWriter writer, SecretSnapshot snapshot)
    {
        foreach (KeyValuePair<string, JsonElement> pair in snapshot.Data.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            writer.WritePropertyName(pair.Key);
            pair.Value.WriteTo(writer);
        }
    }
}
