// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Collections.Concurrent;
using Vault.Kubernetes.Sync;

namespace Vault.Kubernetes.Core.Tests.Sync;

/// <summary>A sink that keeps the latest merged payload and content per target and counts writes.</summary>
internal sealed class RecordingSecretSink : ISecretSink
{
    private readonly ConcurrentDictionary<string, SecretTargetContent> _content = new();

    public int Writes;
    public int Removes;

    public bool FailWrites { get; set; }

    public IReadOnlyDictionary<string, string>? Get(string name) => _content.TryGetValue(name, out var content) ? content.Merge() : null;

    public SecretTargetContent? GetContent(string name) => _content.TryGetValue(name, out var content) ? content : null;

    public ValueTask WriteAsync(SecretTargetContent content, CancellationToken cancellationToken = default)
    {
        if (FailWrites)
        {
            throw new IOException($"disk full writing {content.Target.Name}");
        }

        Interlocked.Increment(ref Writes);
        _content[content.Target.Name] = content;
        return ValueTask.CompletedTask;
    }

    public ValueTask RemoveAsync(SecretSyncTarget target, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref Removes);
        _content.TryRemove(target.Name, out _);
        return ValueTask.CompletedTask;
    }
}
