// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using Microsoft.Extensions.Logging;
using Vault.Kubernetes.Agent.Configuration;
using Vault.Kubernetes.Secrets;
using Vault.Kubernetes.Sync;

namespace Vault.Kubernetes.Agent.Hosting;

/// <summary>The agent's Vault connection over the Core client and session.</summary>
internal sealed class AgentVault : IAgentVault, IAsyncDisposable
{
    private AgentVault()
    {
    }

    public event EventHandler? TokenChanged;

    public IVaultSecretSource Secrets => throw new NotSupportedException();

    public SecretString? CurrentToken => null;

    public static AgentVault Create(AgentConfig config, string? address, ILoggerFactory loggerFactory, TimeProvider timeProvider) =>
        throw new NotSupportedException("pending core-http/core-auth merge");

    public Task LoginAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task RevokeTokenAsync(CancellationToken cancellationToken = default)
    {
        TokenChanged?.Invoke(this, EventArgs.Empty);
        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
