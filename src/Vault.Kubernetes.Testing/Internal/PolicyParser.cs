// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Vault.Kubernetes.Testing.Internal;

/// <summary>Parses the policy subset tests use: HCL or JSON <c>path</c> blocks with <c>capabilities</c> (or legacy <c>policy</c>).</summary>
internal static partial class PolicyParser
{
    /// <summary>Parses <paramref name="text"/>.</summary>
    /// <exception cref="FormatException">The text is not a policy this server understands; the message is Vault's 400 text.</exception>
    public static Policy Parse(string name, string text)
    {
        List<PolicyRule> rules = text.TrimStart().StartsWith('{') ? ParseJson(text) : ParseHcl(text);
        return new Policy(name, text, rules);
    }

    private static List<PolicyRule> ParseHcl(string text)
    {
        string withoutComments = CommentRegex().Replace(text, string.Empty);
        var rules = new List<PolicyRule>();
        string rest = PathBlockRegex().Replace(withoutComments, match =>
        {
            string body = match.Groups["body"].Value;
            Match caps = CapabilitiesRegex().Match(body);
            Match legacy = LegacyPolicyRegex().Match(body);
            if (!caps.Success && !legacy.Success)
            {
                throw new FormatException($"failed to parse policy: path \"{match.Groups["path"].Value}\": no capabilities");
            }

            Capabilities granted = caps.Success
                ? ParseCapabilities(match.Groups["path"].Value, QuotedRegex().Matches(caps.Groups["list"].Value).Select(m => m.Groups[1].Value))
                : ParseLegacy(match.Groups["path"].Value, legacy.Groups[1].Value);
            rules.Add(new PolicyRule(match.Groups["path"].Value, granted));
            return string.Empty;
        });
        if (!string.IsNullOrWhiteSpace(rest))
        {
            throw new FormatException("failed to parse policy: unexpected content: " + rest.Trim());
        }

        return rules;
    }

    private static List<PolicyRule> ParseJson(string text)
    {
        var rules = new List<PolicyRule>();
        try
        {
            using JsonDocument document = JsonDocument.Parse(text);
            if (document.RootElement.TryGetProperty("path", out JsonElement paths))
            {
                foreach (JsonProperty path in paths.EnumerateObject())
                {
                    Capabilities granted = path.Value.TryGetProperty("capabilities", out JsonElement caps)
                        ? ParseCapabilities(path.Name, caps.EnumerateArray().Select(c => c.GetString() ?? string.Empty))
                        : ParseLegacy(path.Name, path.Value.GetProperty("policy").GetString() ?? string.Empty);
                    rules.Add(new PolicyRule(path.Name, granted));
                }
            }
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new FormatException("failed to parse policy: " + ex.Message, ex);
        }

        return rules;
    }

    private static Capabilities ParseCapabilities(string path, IEnumerable<string> names)
    {
        Capabilities result = Capabilities.None;
        foreach (string name in names)
        {
            result |= name switch
            {
                "create" => Capabilities.Create,
                "read" => Capabilities.Read,
                "update" => Capabilities.Update,
                "delete" => Capabilities.Delete,
                "list" => Capabilities.List,
                "sudo" => Capabilities.Sudo,
                "patch" => Capabilities.Patch,
                "deny" => Capabilities.Deny,
                "subscribe" or "recover" => Capabilities.None,
                _ => throw new FormatException($"failed to parse policy: path \"{path}\": invalid capability \"{name}\""),
            };
        }

        return result;
    }

    private static Capabilities ParseLegacy(string path, string policy) => policy switch
    {
        "deny" => Capabilities.Deny,
        "read" => Capabilities.Read | Capabilities.List,
        "write" => Capabilities.Create | Capabilities.Read | Capabilities.Update | Capabilities.Delete | Capabilities.List,
        "sudo" => Capabilities.All,
        _ => throw new FormatException($"failed to parse policy: path \"{path}\": invalid policy \"{policy}\""),
    };

    [GeneratedRegex(@"(?m)(#|//).*$")]
    private static partial Regex CommentRegex();

    [GeneratedRegex(@"path\s+""(?<path>[^""]*)""\s*\{(?<body>[^{}]*)\}")]
    private static partial Regex PathBlockRegex();

    [GeneratedRegex(@"capabilities\s*=\s*\[(?<list>[^\]]*)\]")]
    private static partial Regex CapabilitiesRegex();

    [GeneratedRegex(@"policy\s*=\s*""(\w+)""")]
    private static partial Regex LegacyPolicyRegex();

    [GeneratedRegex(@"""([^""]*)""")]
    private static partial Regex QuotedRegex();
}
