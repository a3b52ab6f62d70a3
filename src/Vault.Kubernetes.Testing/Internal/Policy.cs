// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Collections.Generic;

namespace Vault.Kubernetes.Testing.Internal;

/// <summary>A named ACL policy: its source text and parsed path rules.</summary>
internal sealed class Policy(string name, string text, IReadOnlyList<PolicyRule> rules)
{
    /// <summary>Gets the policy name.</summary>
    public string Name { get; } = name;

    /// <summary>Gets the policy source (HCL or JSON) as written.</summary>
    public string Text { get; } = text;

    /// <summary>Gets the parsed rules.</summary>
    public IReadOnlyList<PolicyRule> Rules { get; } = rules;
}
