// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;

namespace Vault.Kubernetes.Testing.Internal;

/// <summary>ACL policies by name, with Vault's built-in root, default and response-wrapping policies.</summary>
internal sealed class PolicyStore
{
    /// <summary>The root policy name: every capability everywhere.</summary>
    public const string Root = "root";

    /// <summary>The default policy name, attached to every token unless no_default_policy.</summary>
    public const string Default = "default";

    /// <summary>The policy response-wrapping tokens carry.</summary>
    public const string ResponseWrapping = "response-wrapping";

    private const string DefaultPolicyText = """
        path "auth/token/lookup-self" { capabilities = ["read"] }
        path "auth/token/renew-self" { capabilities = ["update"] }
        path "auth/token/revoke-self" { capabilities = ["update"] }
        path "sys/capabilities-self" { capabilities = ["update"] }
        path "sys/internal/ui/resultant-acl" { capabilities = ["read"] }
        path "sys/renew" { capabilities = ["update"] }
        path "sys/leases/renew" { capabilities = ["update"] }
        path "sys/leases/lookup" { capabilities = ["update"] }
        path "cubbyhole/*" { capabilities = ["create", "read", "update", "delete", "list"] }
        path "sys/wrapping/wrap" { capabilities = ["update"] }
        path "sys/wrapping/lookup" { capabilities = ["update"] }
        path "sys/wrapping/unwrap" { capabilities = ["update"] }
        path "sys/tools/hash" { capabilities = ["update"] }
        path "sys/tools/hash/*" { capabilities = ["update"] }
        path "sys/control-group/request" { capabilities = ["update"] }
        """;

    private const string ResponseWrappingPolicyText = """
        path "cubbyhole/response" { capabilities = ["create", "read"] }
        path "sys/wrapping/unwrap" { capabilities = ["update"] }
        path "sys/wrapping/lookup" { capabilities = ["update"] }
        """;

    private readonly Dictionary<string, Policy> _policies = new(StringComparer.Ordinal);

    /// <summary>Initializes a new instance of the <see cref="PolicyStore"/> class with the built-in policies.</summary>
    public PolicyStore()
    {
        Set(Default, DefaultPolicyText);
        _policies[ResponseWrapping] = PolicyParser.Parse(ResponseWrapping, ResponseWrappingPolicyText);
    }

    /// <summary>Gets the names of all policies, including root, sorted.</summary>
    public IReadOnlyList<string> Names => [.. _policies.Keys.Where(n => n != ResponseWrapping).Append(Root).Order(StringComparer.Ordinal)];

    /// <summary>Creates or replaces a policy.</summary>
    /// <exception cref="FormatException">The text cannot be parsed.</exception>
    /// <exception cref="InvalidOperationException">The name is root (which cannot be changed).</exception>
    public void Set(string name, string text)
    {
        name = name.ToLowerInvariant();
        if (name == Root)
        {
            throw new InvalidOperationException("cannot update \"root\" policy");
        }

        _policies[name] = PolicyParser.Parse(name, text);
    }

    /// <summary>Gets a policy, or null.</summary>
    public Policy? Get(string name) => _policies.GetValueOrDefault(name.ToLowerInvariant());

    /// <summary>Deletes a policy; returns an error text for the built-ins that cannot be deleted.</summary>
    public string? Delete(string name)
    {
        name = name.ToLowerInvariant();
        if (name is Root or Default)
        {
            return $"cannot delete \"{name}\" policy";
        }

        _policies.Remove(name);
        return null;
    }

    /// <summary>Evaluates the capabilities the union of <paramref name="policyNames"/> grants on <paramref name="path"/>.</summary>
    public Capabilities Evaluate(IEnumerable<string> policyNames, string path)
    {
        var matches = new List<PolicyRule>();
        foreach (string name in policyNames)
        {
            if (name == Root)
            {
                return Capabilities.All;
            }

            if (_policies.TryGetValue(name, out Policy? policy))
            {
                matches.AddRange(policy.Rules.Where(r => r.Matches(path)));
            }
        }

        if (matches.Count == 0)
        {
            return Capabilities.None;
        }

        PolicyRule best = matches.Aggregate((a, b) => PolicyRule.CompareSpecificity(a, b) >= 0 ? a : b);
        Capabilities granted = matches.Where(r => r.Pattern == best.Pattern).Aggregate(Capabilities.None, (c, r) => c | r.Capabilities);
        return (granted & Capabilities.Deny) != 0 ? Capabilities.None : granted;
    }

    /// <summary>Returns whether the policies grant any capability on <paramref name="prefix"/> or beneath it (sys/internal/ui/mounts preflight).</summary>
    public bool GrantsAnythingUnder(IEnumerable<string> policyNames, string prefix)
    {
        foreach (string name in policyNames)
        {
            if (name == Root)
            {
                return true;
            }

            if (_policies.TryGetValue(name, out Policy? policy) &&
                policy.Rules.Any(r => (r.Capabilities & ~Capabilities.Deny) != 0 && (r.Capabilities & Capabilities.Deny) == 0 && CouldMatchUnder(r, prefix)))
            {
                return true;
            }
        }

        return false;
    }

    private static bool CouldMatchUnder(PolicyRule rule, string prefix)
    {
        string literal = rule.Pattern.TrimEnd('*');
        int plus = literal.IndexOf('+', StringComparison.Ordinal);
        if (plus >= 0)
        {
            literal = literal[..plus];
        }

        return literal.StartsWith(prefix, StringComparison.Ordinal) ||
            ((rule.IsGlob || plus >= 0) && prefix.StartsWith(literal, StringComparison.Ordinal));
    }
}
