// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Vault.Kubernetes.Csi.Mounting;

/// <summary>Parses the <c>objects</c> parameter (a YAML list) through YamlDotNet's node model, which needs no reflection (NativeAOT).</summary>
internal static class ObjectsParser
{
    /// <summary>Parses the list.</summary>
    /// <param name="yaml">The parameter value.</param>
    /// <returns>The objects, in order.</returns>
    /// <exception cref="MountInputException">The YAML is malformed, a field is invalid, or two objects share a name; the message names the object.</exception>
    public static IReadOnlyList<CsiObject> Parse(string yaml)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException ex)
        {
            throw new MountInputException($"Parameter 'objects' is not valid YAML (line {ex.Start.Line}, column {ex.Start.Column}).");
        }

        if (stream.Documents.Count != 1 || stream.Documents[0].RootNode is not YamlSequenceNode list || list.Children.Count == 0)
        {
            throw new MountInputException("Parameter 'objects' must be a YAML list with at least one entry (objectName, secretPath).");
        }

        var objects = new List<CsiObject>(list.Children.Count);
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < list.Children.Count; i++)
        {
            if (list.Children[i] is not YamlMappingNode entry)
            {
                throw new MountInputException($"Parameter 'objects' entry {i + 1} is not a mapping.");
            }

            CsiObject item = ParseEntry(entry, i + 1);
            if (!names.Add(item.ObjectName))
            {
                throw new MountInputException($"Parameter 'objects' names '{item.ObjectName}' twice: objectName must be unique.");
            }

            objects.Add(item);
        }

        return objects;
    }

    private static CsiObject ParseEntry(YamlMappingNode entry, int index)
    {
        string? objectName = Scalar(entry, "objectName", index);
        if (string.IsNullOrWhiteSpace(objectName))
        {
            throw new MountInputException($"Parameter 'objects' entry {index} has no objectName.");
        }

        string where = $"object '{objectName}'";
        ValidateFileName(objectName, where);
        string? secretPath = Scalar(entry, "secretPath", index);
        if (string.IsNullOrWhiteSpace(secretPath))
        {
            throw new MountInputException($"The {where} has no secretPath.");
        }

        (string path, int? version) = SplitPath(secretPath, where);
        string method = (Scalar(entry, "method", index) ?? "GET").ToUpperInvariant();
        if (method is not ("GET" or "PUT" or "POST"))
        {
            throw new MountInputException($"The {where} has method '{method}': use GET, PUT or POST.");
        }

        IReadOnlyDictionary<string, string>? args = null;
        if (entry.Children.TryGetValue(new YamlScalarNode("secretArgs"), out YamlNode? argsNode))
        {
            args = ReadArgs(argsNode, where);
        }

        int? mode = null;
        if (Scalar(entry, "filePermission", index) is string permission)
        {
            mode = ParseMode(permission) ?? throw new MountInputException($"The {where} has filePermission '{permission}': use a mode such as 0644 or 420.");
        }

        CsiObjectEncoding encoding = (Scalar(entry, "encoding", index) ?? "utf-8").ToLowerInvariant() switch
        {
            "utf-8" or "utf8" or "" => CsiObjectEncoding.Utf8,
            "base64" => CsiObjectEncoding.Base64,
            "hex" => CsiObjectEncoding.Hex,
            string other => throw new MountInputException($"The {where} has encoding '{other}': use utf-8, base64 or hex."),
        };

        string? key = Scalar(entry, "secretKey", index);
        return new CsiObject(objectName, path, version, string.IsNullOrEmpty(key) ? null : key, args, method, mode, encoding);
    }

    private static string? Scalar(YamlMappingNode entry, string key, int index)
    {
        if (!entry.Children.TryGetValue(new YamlScalarNode(key), out YamlNode? node))
        {
            return null;
        }

        return node is YamlScalarNode scalar
            ? scalar.Value
            : throw new MountInputException($"Parameter 'objects' entry {index}: '{key}' must be a scalar.");
    }

    private static void ValidateFileName(string name, string where)
    {
        // The driver rejects unclean paths too, but only after Vault was read; refuse them before any request.
        if (name.StartsWith('/') || name.Contains('\\', StringComparison.Ordinal) || name.Split('/').Any(part => part is "" or "." or ".."))
        {
            throw new MountInputException($"The {where} is not a clean relative file name (no leading '/', no '.' or '..' segments).");
        }
    }

    private static (string Path, int? Version) SplitPath(string secretPath, string where)
    {
        string path = secretPath.Trim();
        int query = path.IndexOf('?', StringComparison.Ordinal);
        int? version = null;
        if (query >= 0)
        {
            foreach (string pair in path[(query + 1)..].Split('&', StringSplitOptions.RemoveEmptyEntries))
            {
                string[] parts = pair.Split('=', 2);
                if (parts[0] == "version" && parts.Length == 2 && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int v) && v > 0)
                {
                    version = v;
                }
                else
                {
                    throw new MountInputException($"The {where} has a secretPath query other than version=N.");
                }
            }

            path = path[..query];
        }

        path = path.TrimStart('/');
        if (path.StartsWith("v1/", StringComparison.Ordinal))
        {
            path = path[3..];
        }

        if (path.Length == 0 || path.Split('/').Any(part => part is "." or ".."))
        {
            throw new MountInputException($"The {where} has an invalid secretPath.");
        }

        return (path.TrimEnd('/'), version);
    }

    private static Dictionary<string, string> ReadArgs(YamlNode node, string where)
    {
        if (node is not YamlMappingNode map)
        {
            throw new MountInputException($"The {where} has secretArgs that are not a mapping.");
        }

        var args = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (KeyValuePair<YamlNode, YamlNode> pair in map.Children)
        {
            if (pair.Key is not YamlScalarNode { Value: string key } || pair.Value is not YamlScalarNode { Value: string value })
            {
                // Core's write body is string-valued; nested arguments are not supported yet.
                throw new MountInputException($"The {where} has a secretArgs entry that is not a scalar.");
            }

            args[key] = value;
        }

        return args;
    }

    private static int? ParseMode(string text)
    {
        // YAML 1.1 readers take 0644 as octal and 420 as decimal; accept both spellings.
        NumberStyles none = NumberStyles.None;
        if (text.Length > 1 && text[0] == '0')
        {
            try
            {
                int octal = Convert.ToInt32(text.TrimStart('0', 'o'), 8);
                return octal is >= 0 and <= 511 ? octal : null;
            }
            catch (FormatException)
            {
                return null;
            }
        }

        return int.TryParse(text, none, CultureInfo.InvariantCulture, out int mode) && mode is >= 0 and <= 511 ? mode : null;
    }
}
