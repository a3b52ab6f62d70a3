// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Text;

namespace Vault.Kubernetes.Templates;

/// <summary>One secret a template asks for: a Vault path and, for write-style calls, the <c>key=value</c> parameters.</summary>
/// <remarks>
/// <para>
/// <c>{{ secret "database/creds/ro" }}</c> is a read of <c>database/creds/ro</c>; <c>{{ secret "pki/issue/web" "common_name=a.example.com" }}</c>
/// is a write (consul-template sends the parameters as the body of a PUT). Two requests are equal when their paths and
/// parameters are equal, whatever order the parameters were written in, so an engine can fetch each distinct request once.
/// </para>
/// <para>
/// The path is kept as written (without leading or trailing slashes), including a query such as <c>?version=2</c>.
/// KV version 2 rewriting is the fetcher's job, because only it knows the mount: when a read targets a KV v2 mount,
/// fetch <see cref="ForKvV2Mount(string)"/> instead, exactly as consul-template does after looking the mount up.
/// </para>
/// </remarks>
public readonly struct TemplateSecretRequest : IEquatable<TemplateSecretRequest>
{
    private static readonly string[] s_kvV2Prefixes = ["data/", "metadata/", "subkeys/"];

    private readonly string? _path;
    private readonly KeyValuePair<string, string>[]? _parameters;

    /// <summary>Initializes a new instance of the <see cref="TemplateSecretRequest"/> struct.</summary>
    /// <param name="path">The Vault path as written in the template, optionally with a query such as <c>?version=2</c>.</param>
    /// <param name="parameters">The write parameters; <see langword="null"/> or empty for a read. A repeated key keeps its last value.</param>
    /// <exception cref="ArgumentException"><paramref name="path"/> is <see langword="null"/>, empty or only slashes, or a parameter key is empty.</exception>
    public TemplateSecretRequest(string path, IEnumerable<KeyValuePair<string, string>>? parameters = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string trimmed = path.Trim().Trim('/');
        if (trimmed.Length == 0)
        {
            throw new ArgumentException("A secret path must name something below the root.", nameof(path));
        }

        _path = trimmed;
        _parameters = NormalizeParameters(parameters);
    }

    /// <summary>Gets the Vault path as written, without leading or trailing slashes, including any query.</summary>
    public string Path => _path ?? string.Empty;

    /// <summary>Gets the write parameters sorted by key (ordinal); empty for a read.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Parameters => _parameters ?? [];

    /// <summary>Gets a value indicating whether this is a write-style call (it has parameters), which consul-template sends as a PUT.</summary>
    public bool IsWrite => _parameters is { Length: > 0 };

    /// <summary>Gets the path without its query.</summary>
    public string PathWithoutQuery
    {
        get
        {
            string path = Path;
            int query = path.IndexOf('?', StringComparison.Ordinal);
            return query < 0 ? path : path[..query].TrimEnd('/');
        }
    }

    /// <summary>Gets the query written after <c>?</c> in the path (for example <c>version=2</c>), or an empty string.</summary>
    public string Query
    {
        get
        {
            string path = Path;
            int query = path.IndexOf('?', StringComparison.Ordinal);
            return query < 0 ? string.Empty : path[(query + 1)..];
        }
    }

    /// <summary>Determines whether two requests are equal.</summary>
    /// <param name="left">The first request.</param>
    /// <param name="right">The second request.</param>
    /// <returns><see langword="true"/> when the paths and parameters are equal.</returns>
    public static bool operator ==(TemplateSecretRequest left, TemplateSecretRequest right) => left.Equals(right);

    /// <summary>Determines whether two requests differ.</summary>
    /// <param name="left">The first request.</param>
    /// <param name="right">The second request.</param>
    /// <returns><see langword="true"/> when the paths or parameters differ.</returns>
    public static bool operator !=(TemplateSecretRequest left, TemplateSecretRequest right) => !left.Equals(right);

    /// <summary>Returns the request to send when this read targets a KV version 2 mount: <c>mount/x</c> becomes <c>mount/data/x</c>.</summary>
    /// <param name="mountPath">The mount path, for example <c>secret/</c> or <c>kv/team-a</c>, as reported by <c>sys/internal/ui/mounts</c>.</param>
    /// <returns>
    /// The rewritten request, with any query kept; this request unchanged when it is a write, or when its path already
    /// continues with <c>data/</c>, <c>metadata/</c> or <c>subkeys/</c> after the mount.
    /// </returns>
    /// <remarks>Call it only for KV v2 mounts; KV v1 and other engines use the path as written.</remarks>
    /// <exception cref="ArgumentException"><paramref name="mountPath"/> is empty, or the path is not inside it.</exception>
    public TemplateSecretRequest ForKvV2Mount(string mountPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(mountPath);
        string mount = mountPath.Trim().Trim('/');
        string path = PathWithoutQuery;
        if (mount.Length == 0)
        {
            throw new ArgumentException("The mount path must not be the root.", nameof(mountPath));
        }

        if (IsWrite)
        {
            return this;
        }

        string rest;
        if (string.Equals(path, mount, StringComparison.Ordinal))
        {
            rest = string.Empty;
        }
        else if (path.StartsWith(mount + "/", StringComparison.Ordinal))
        {
            rest = path[(mount.Length + 1)..].TrimStart('/');
        }
        else
        {
            throw new ArgumentException($"The secret path \"{path}\" is not inside the mount \"{mount}\".", nameof(mountPath));
        }

        foreach (string prefix in s_kvV2Prefixes)
        {
            if (rest.StartsWith(prefix, StringComparison.Ordinal))
            {
                return this;
            }
        }

        string query = Query;
        string rewritten = rest.Length == 0 ? mount + "/data" : mount + "/data/" + rest;
        return new TemplateSecretRequest(query.Length == 0 ? rewritten : rewritten + "?" + query, _parameters);
    }

    /// <inheritdoc/>
    public bool Equals(TemplateSecretRequest other)
    {
        if (!string.Equals(Path, other.Path, StringComparison.Ordinal))
        {
            return false;
        }

        IReadOnlyList<KeyValuePair<string, string>> mine = Parameters;
        IReadOnlyList<KeyValuePair<string, string>> theirs = other.Parameters;
        if (mine.Count != theirs.Count)
        {
            return false;
        }

        for (int i = 0; i < mine.Count; i++)
        {
            if (!string.Equals(mine[i].Key, theirs[i].Key, StringComparison.Ordinal) ||
                !string.Equals(mine[i].Value, theirs[i].Value, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is TemplateSecretRequest other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Path, StringComparer.Ordinal);
        foreach (KeyValuePair<string, string> parameter in Parameters)
        {
            hash.Add(parameter.Key, StringComparer.Ordinal);
            hash.Add(parameter.Value, StringComparer.Ordinal);
        }

        return hash.ToHashCode();
    }

    /// <summary>Returns the path and the parameter names; parameter values are left out because they may be sensitive.</summary>
    /// <returns>For example <c>pki/issue/web (common_name, ttl)</c>.</returns>
    public override string ToString()
    {
        if (!IsWrite)
        {
            return Path;
        }

        var builder = new StringBuilder(Path).Append(" (");
        for (int i = 0; i < _parameters!.Length; i++)
        {
            builder.Append(i == 0 ? string.Empty : ", ").Append(_parameters[i].Key);
        }

        return builder.Append(')').ToString();
    }

    private static KeyValuePair<string, string>[]? NormalizeParameters(IEnumerable<KeyValuePair<string, string>>? parameters)
    {
        if (parameters is null)
        {
            return null;
        }

        var byKey = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (KeyValuePair<string, string> parameter in parameters)
        {
            ArgumentException.ThrowIfNullOrEmpty(parameter.Key, nameof(parameters));
            byKey[parameter.Key] = parameter.Value ?? string.Empty;
        }

        if (byKey.Count == 0)
        {
            return null;
        }

        var result = new KeyValuePair<string, string>[byKey.Count];
        int index = 0;
        foreach (KeyValuePair<string, string> parameter in byKey)
        {
            result[index++] = parameter;
        }

        return result;
    }
}
