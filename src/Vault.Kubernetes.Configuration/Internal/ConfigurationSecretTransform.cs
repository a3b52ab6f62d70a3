// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Text.Json;
using Vault.Kubernetes.Secrets;
using Vault.Kubernetes.Sync;

namespace Vault.Kubernetes.Configuration.Internal;

/// <summary>Turns a secret's data into configuration keys under a section, plus any composite values built from templates.</summary>
internal sealed class ConfigurationSecretTransform : ISecretTransform
{
    private readonly string _prefix;
    private readonly IReadOnlyList<KeyValuePair<string, Func<SecretSnapshot, string>>> _composites;

    public ConfigurationSecretTransform(string prefix, IReadOnlyList<KeyValuePair<string, Func<SecretSnapshot, string>>>? composites = null)
    {
        _prefix = prefix;
        _composites = composites ?? [];
    }

    public IReadOnlyDictionary<string, string> Transform(SecretSpec spec, SecretSnapshot snapshot)
    {
        var payload = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (KeyValuePair<string, JsonElement> pair in snapshot.Data)
        {
            ConfigurationKeys.Flatten(ConfigurationKeys.Combine(_prefix, pair.Key), pair.Value, payload);
        }

        foreach (KeyValuePair<string, Func<SecretSnapshot, string>> composite in _composites)
        {
            payload[ConfigurationKeys.Combine(_prefix, composite.Key)] = composite.Value(snapshot);
        }

        return payload;
    }
}
