// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Collections.Concurrent;
using Vault.Kubernetes.Sync;

namespace Vault.Kubernetes.Core.Tests.Sync;

/// <summary>A sink that keeps the latest payload per spec and counts writes.</summary>
internal sealed class RecordingSecretSink : ISecretSink
{
    private readonly ConcurrentDictionary<string, IReadOnlyDictionary<string, string>> _content = new();

    public int Writes;
    public int Removes;

    public bool FailWrites { get; set; }

    public IReadOnlyDictionary<string, string>? Get(string name) => _content.TryGetValue(name, out var payload) ? payload : null;

    public ValueTask<bool> WriteAsync(SecretSpec spec, IReadOnlyDictionary<string, string> payload, string contentHash, CancellationToken cancellationToken = default)
    {
        if (FailWrites)
        {
            throw new IOException($"disk full writing {spec.Name}");
        }

        Interlocked.Increment(ref Writes);
        _content[spec.Name] = new Dictionary<string, string>(payload);
        return ValueTask.FromResult(true);
    }

    public ValueTask<bool> RemoveAsync(SecretSpec spec, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref Removes);
        return ValueTask.FromResult(_content.TryRemove(spec.Name, out _));
    }
}
