// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using Vault.Kubernetes.Annotations;

namespace Vault.Kubernetes.Agent.Rendering;

/// <summary>A file the agent keeps: its configuration and the renderer that produces its content.</summary>
/// <param name="Spec">The file's configuration.</param>
/// <param name="Renderer">The renderer.</param>
internal sealed record AgentFile(AgentFileSpec Spec, IFileRenderer Renderer)
{
    /// <summary>Gets the lock that keeps two secrets of one file from rendering it at the same time.</summary>
    public SemaphoreSlim Gate { get; } = new(1, 1);

    /// <summary>Tells whether the file reads the secret with key <paramref name="key"/>.</summary>
    /// <param name="key">A dependency key.</param>
    /// <returns><see langword="true"/> when the file depends on it.</returns>
    public bool DependsOn(string key) => Renderer.Dependencies.Any(d => string.Equals(d.Key, key, StringComparison.Ordinal));
}
