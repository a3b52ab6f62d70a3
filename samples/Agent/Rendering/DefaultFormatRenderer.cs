// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Text;
using System.Text.Json;
using Vault.Kubernetes.Agent.Configuration;
using Vault.Kubernetes.Secrets;

namespace Vault.Kubernetes.Agent.Rendering;

/// <summary>Renders a secret without a template in the injector's default format: <c>map</c> (one <c>key: value</c> line per entry of <c>.Data</c>) or <c>json</c> (<c>.Data</c> as JSON).</summary>
/// <remarks>
/// For a KV version 2 secret <c>.Data</c> is Vault's response object, so it has two entries, <c>data</c> and <c>metadata</c>;
/// the metadata carries the version that was read (the engine does not keep the rest of Vault's metadata).
/// </remarks>
internal sealed class DefaultFormatRenderer : IFileRenderer
{
    private readonly AgentFileSpec _file;
    private readonly SecretDependency _dependency;

    /// <summary>Initializes a new instance of the <see cref="DefaultFormatRenderer"/> class.</summary>
    /// <param name="file">The file.</param>
    public DefaultFormatRenderer(AgentFileSpec file)
    {
        _file = file;
        _dependency = SecretDependency.Create(file.SecretPath, file.Kind, file.Version);
        Dependencies = [_dependency];
    }

    /// <inheritdoc/>
    public IReadOnlyList<SecretDependency> Dependencies { get; }

    /// <inheritdoc/>
    public ValueTask<string> RenderAsync(IReadOnlyDictionary<string, SecretSnapshot> secrets, CancellationToken cancellationToken = default)
    {
        if (!secrets.TryGetValue(_dependency.Key, out SecretSnapshot? snapshot))
        {
            throw new FileRenderException($"{_file.Destination} ({_file.Source}): the secret {_dependency.Key} has not been read");
        }

        return ValueTask.FromResult(Render(snapshot, _file.DefaultFormat));
    }

    /// <summary>Renders a snapshot in a default format.</summary>
    /// <param name="snapshot">The secret.</param>
    /// <param name="format">The format.</param>
    /// <returns>The content.</returns>
    public static string Render(SecretSnapshot snapshot, DefaultTemplateFormat format)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        IReadOnlyList<KeyValuePair<string, JsonElement>> data = DataOf(snapshot);
        var builder = new StringBuilder();
        if (format == DefaultTemplateFormat.Json)
        {
            builder.Append('{');
            for (int i = 0; i < data.Count; i++)
            {
                builder.Append(i == 0 ? string.Empty : ",");
                GoValueFormatter.AppendJsonString(builder, data[i].Key);
                builder.Append(':');
                GoValueFormatter.AppendJson(builder, data[i].Value);
            }

            return builder.Append('}').ToString();
        }

        foreach (KeyValuePair<string, JsonElement> pair in data)
        {
            builder.Append(pair.Key).Append(": ");
            GoValueFormatter.AppendValue(builder, pair.Value);
            builder.Append('\n');
        }

        return builder.ToString();
    }

    private static List<KeyValuePair<string, JsonElement>> DataOf(SecretSnapshot snapshot) =>
        [.. ResponseData.From(snapshot).EnumerateObject().Select(p => new KeyValuePair<string, JsonElement>(p.Name, p.Value))];
}
