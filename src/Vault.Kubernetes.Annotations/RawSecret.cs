// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;

namespace Vault.Kubernetes.Annotations;

/// <summary>The settings of one secret file before validation.</summary>
/// <param name="Name">The secret's name (the <c>&lt;name&gt;</c> of <c>agent-inject-secret-&lt;name&gt;</c>).</param>
/// <param name="Source">Where the secret was declared.</param>
public sealed record RawSecret(string Name, string Source)
{
    /// <summary>Gets the secret's settings, keyed by the names in <see cref="SettingNames"/>.</summary>
    public Dictionary<string, RawSetting> Settings { get; } = new(StringComparer.Ordinal);
}
