// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

namespace Vault.Kubernetes.Agent.Configuration;

/// <summary>One setting as written by the user, with where it came from (an annotation's full name or a JSON field path) for error messages.</summary>
/// <param name="Value">The text of the setting.</param>
/// <param name="Source">The full annotation name or JSON path.</param>
internal readonly record struct RawSetting(string Value, string Source);

/// <summary>The settings of one secret file before validation.</summary>
/// <param name="Name">The secret's name (the <c>&lt;name&gt;</c> of <c>agent-inject-secret-&lt;name&gt;</c>).</param>
/// <param name="Source">Where the secret was declared.</param>
internal sealed record RawSecret(string Name, string Source)
{
    /// <summary>Gets the secret's settings, keyed by the names in <see cref="SettingNames"/>.</summary>
    public Dictionary<string, RawSetting> Settings { get; } = new(StringComparer.Ordinal);
}

/// <summary>The agent's settings as read from annotations or a JSON file, before validation; both sources produce this one model.</summary>
internal sealed class RawAgentSettings
{
    /// <summary>Gets the agent-wide settings, keyed by the names in <see cref="SettingNames"/>.</summary>
    public Dictionary<string, RawSetting> Global { get; } = new(StringComparer.Ordinal);

    /// <summary>Gets the secrets, in declaration order.</summary>
    public List<RawSecret> Secrets { get; } = [];

    /// <summary>Gets problems that do not stop the agent (unknown annotations), each reported once.</summary>
    public List<string> Warnings { get; } = [];

    /// <summary>Gets problems found while reading that stop the agent.</summary>
    public List<string> Errors { get; } = [];
}
