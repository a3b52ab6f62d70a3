// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;

namespace Vault.Kubernetes.Annotations;

/// <summary>The agent's settings as read from annotations or a JSON file, before validation; both sources produce this one model.</summary>
public sealed class RawAgentSettings
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
