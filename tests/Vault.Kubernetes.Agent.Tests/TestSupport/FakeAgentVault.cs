// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using Vault.Kubernetes.Agent.Hosting;
using Vault.Kubernetes.Http;
using Vault.Kubernetes.Secrets;
using Vault.Kubernetes.Sync;

namespace Vault.Kubernetes.Agent.Tests.TestSupport;

/// <summary>An <see cref="IAgentVault"/> over a fake secret source, with a controllable login and token.</summary>
internal sealed class FakeAgentVault : IAgentVault
{
    public FakeAgentVault(IVaultSecretSource secrets) => Secrets = secrets;

    public event EventHandler? TokenChanged;

    public IVaultSecretSource Secrets { get; }

    public Vault.Kubernetes.Authentication.VaultSession? Session => null;

    public SecretString? CurrentToken { get; private set; }

    public Exception? LoginFailure { get; set; }

    public int Logins;

    public int Revocations;

    public Task LoginAsync(CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref Logins);
        if (LoginFailure is not null)
        {
            return Task.FromException(LoginFailure);
        }

        SetToken("hvs.fake-token-1");
        return Task.CompletedTask;
    }

    public void SetToken(string token)
    {
        CurrentToken = new SecretString(token);
        TokenChanged?.Invoke(this, EventArgs.Empty);
    }

    public int CacheSaves { get; private set; }

    public Task SaveCacheAsync(IReadOnlyDictionary<string, SecretSnapshot> secrets, CancellationToken cancellationToken = default)
    {
        CacheSaves++;
        return Task.CompletedTask;
    }

    public Task RevokeTokenAsync(CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref Revocations);
        return Task.CompletedTask;
    }
}
