// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;

namespace Vault.Kubernetes.Annotations;

/// <summary>Reads the pod's annotations from a downward-API file: one <c>key="value"</c> line per annotation, values quoted as Go's <c>strconv.Quote</c> does.</summary>
public static class AnnotationFile
{
    /// <summary>Parses the text of an annotations file.</summary>
    /// <param name="text">The file's content.</param>
    /// <param name="fileName">The file's path, for error messages.</param>
    /// <returns>The annotations, keyed ordinally.</returns>
    /// <exception cref="AgentConfigurationException">A line is not <c>key="value"</c>; every bad line is listed with its number.</exception>
    public static IReadOnlyDictionary<string, string> Parse(string text, string fileName)
    {
        ArgumentNullException.ThrowIfNull(text);
        var annotations = new Dictionary<string, string>(StringComparer.Ordinal);
        var errors = new List<string>();
        int lineNumber = 0;
        foreach (ReadOnlySpan<char> rawLine in text.AsSpan().EnumerateLines())
        {
            lineNumber++;
            ReadOnlySpan<char> line = rawLine.TrimEnd('\r');
            if (line.IsWhiteSpace())
            {
                continue;
            }

            int equals = line.IndexOf('=');
            if (equals <= 0)
            {
                errors.Add($"{fileName}:{lineNumber}: expected key=\"value\"");
                continue;
            }

            string key = line[..equals].Trim().ToString();
            if (!GoQuotedString.TryDecode(line[(equals + 1)..].Trim(), out string value, out string error))
            {
                errors.Add($"{fileName}:{lineNumber}: annotation {key}: {error}");
                continue;
            }

            annotations[key] = value;
        }

        if (errors.Count > 0)
        {
            throw new AgentConfigurationException(errors);
        }

        return annotations;
    }
}
