// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using Vault.Kubernetes.Secrets;

namespace Vault.Kubernetes.Agent.Rendering;

/// <summary>Renders the content of one file from the secrets it depends on.</summary>
internal interface IFileRenderer
{
    /// <summary>Gets the secrets the file needs.</summary>
    IReadOnlyList<SecretDependency> Dependencies { get; }

    /// <summary>Renders the file.</summary>
    /// <param name="secrets">The latest snapshot of every dependency, keyed by <see cref="SecretDependency.Key"/>.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The file's content.</returns>
    /// <exception cref="FileRenderException">The file cannot be rendered; the message names the file but no secret value.</exception>
    ValueTask<string> RenderAsync(IReadOnlyDictionary<string, SecretSnapshot> secrets, CancellationToken cancellationToken = default);
}
