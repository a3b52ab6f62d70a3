// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Vault.Kubernetes.Sync;

namespace Vault.Kubernetes.Configuration.Internal;

/// <summary>The sync engine's destination for configuration: the latest payload per secret, merged in declaration order into one dictionary.</summary>
internal sealed class ConfigurationDataSink : ISecretSink
{
    private readonly object _lock = new();
    private readonly Dictionary<string, (int Order, IReadOnlyDictionary<string, string> Payload)> _payloads = new(StringComparer.Ordinal);
    private readonly Action<Dictionary<string, string?>> _publish;

    /// <param name="publish">Receives each newly merged dictionary.</param>
    public ConfigurationDataSink(Action<Dictionary<string, string?>> publish)
    {
        _publish = publish;
    }

    /// <summary>Gets or sets a value indicating whether merges are held back (during the initial load, which publishes once at its end).</summary>
    public bool Deferred { get; set; }

    public ValueTask<bool> WriteAsync(SecretSpec spec, IReadOnlyDictionary<string, string> payload, string contentHash, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            // Declaration order decides overrides; the secrets of one folder follow in name (relative path) order.
            _payloads[spec.Name] = ((spec.Transform as ConfigurationSecretTransform)?.Order ?? int.MaxValue, payload);
        }

        Publish();
        return ValueTask.FromResult(true);
    }

    public ValueTask<bool> RemoveAsync(SecretSpec spec, CancellationToken cancellationToken = default)
    {
        bool removed;
        lock (_lock)
        {
            removed = _payloads.Remove(spec.Name);
        }

        if (removed)
        {
            Publish();
        }

        return ValueTask.FromResult(removed);
    }

    public void Publish()
    {
        if (Deferred)
        {
            return;
        }

        // A new dictionary every time: readers of the old one never see a half-applied change.
        var merged = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        lock (_lock)
        {
            foreach (KeyValuePair<string, (int Order, IReadOnlyDictionary<string, string> Payload)> payload in _payloads
                .OrderBy(p => p.Value.Order)
                .ThenBy(p => p.Key, StringComparer.Ordinal))
            {
                foreach (KeyValuePair<string, string> pair in payload.Value.Payload)
                {
                    merged[pair.Key] = pair.Value;
                }
            }

            _publish(merged);
        }
    }
}
