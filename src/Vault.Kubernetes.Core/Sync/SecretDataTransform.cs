// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Text.Json;
using Vault.Kubernetes.Secrets;

namespace Vault.Kubernetes.Sync;

/// <summary>The default transformation: each top-level data key becomes one payload entry; strings are written as they are, other JSON values as compact JSON.</summary>
/// <remarks>This is the shape Vault Secrets Operator writes into a Kubernetes Secret and the injector's default file format builds on.</remarks>
public sealed class SecretDataTransform : ISecretTransform
{
    private SecretDataTransform()
    {
    }

    /// <summary>Gets the shared instance.</summary>
    public static SecretDataTransform Instance { get; } = new();

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, string> Transform(SecretSpec spec, SecretSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(snapshot);
        var payload = new Dictionary<string, string>(snapshot.Data.Count, StringComparer.Ordinal);
        foreach (KeyValuePair<string, JsonElement> pair in snapshot.Data)
        {
            payload[pair.Key] = pair.Value.ValueKind switch
            {
                JsonValueKind.String => pair.Value.GetString() ?? string.Empty,
                JsonValueKind.Null or JsonValueKind.Undefined => string.Empty,
                _ => pair.Value.GetRawText(),
            };
        }

        return payload;
    }
}
