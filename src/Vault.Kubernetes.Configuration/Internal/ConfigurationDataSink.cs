// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Vault.Kubernetes.Sync;

namespace Vault.Kubernetes.Configuration.Internal;

/// <summary>The sync engine's destination for configuration: the target's payloads merged in declaration order into one new dictionary.</summary>
/// <remarks>The engine writes only complete content, so readers never see a mix of old and new secrets.</remarks>
internal sealed class ConfigurationDataSink : ISecretSink
{
    private readonly Action<Dictionary<string, string?>> _publish;

    /// <param name="publish">Receives each newly merged dictionary.</param>
    public ConfigurationDataSink(Action<Dictionary<string, string?>> publish)
    {
        _publish = publish;
    }

    public ValueTask WriteAsync(SecretTargetContent content, CancellationToken cancellationToken = default)
    {
        // A new dictionary every time: readers of the old one never see a half-applied change.
        var merged = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (SecretTargetItem item in content.Items)
        {
            foreach (KeyValuePair<string, string> pair in item.Payload)
            {
                merged[pair.Key] = pair.Value;
            }
        }

        _publish(merged);
        return ValueTask.CompletedTask;
    }

    public ValueTask RemoveAsync(SecretSyncTarget target, CancellationToken cancellationToken = default)
    {
        _publish(new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase));
        return ValueTask.CompletedTask;
    }
}
