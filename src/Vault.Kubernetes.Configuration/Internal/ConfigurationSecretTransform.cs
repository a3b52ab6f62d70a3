// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;
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
        // Flattened case-sensitively first: configuration keys are case-insensitive, so "Password" and "password" in one secret would
        // silently become one key holding either value. That is refused, naming both keys (never the values), like a bad template.
        var flat = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (KeyValuePair<string, JsonElement> pair in snapshot.Data)
        {
            ConfigurationKeys.Flatten(ConfigurationKeys.Combine(_prefix, pair.Key), pair.Value, flat);
        }

        var payload = new Dictionary<string, string>(flat.Count, StringComparer.OrdinalIgnoreCase);
        foreach (KeyValuePair<string, string> pair in flat)
        {
            if (!payload.TryAdd(pair.Key, pair.Value))
            {
                // Only on the error path: the spelling already held (the dictionary keeps the first key as it was written).
                string other = payload.Keys.First(key => string.Equals(key, pair.Key, StringComparison.OrdinalIgnoreCase));
                throw new SecretTransformException(
                    $"The secret '{spec.Path}' has keys that differ only in case: '{other}' and '{pair.Key}'. Configuration keys are case-insensitive, so one would silently replace the other; rename one of them in Vault.");
            }
        }

        foreach (KeyValuePair<string, Func<SecretSnapshot, string>> composite in _composites)
        {
            payload[ConfigurationKeys.Combine(_prefix, composite.Key)] = composite.Value(snapshot);
        }

        return payload;
    }
}
