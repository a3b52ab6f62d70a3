// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using Vault.Kubernetes.Http;

namespace Vault.Kubernetes.Scenarios.Scenarios;

/// <summary>Supplies the dev server's root token, so scenarios measure reads rather than logins.</summary>
internal sealed class StaticTokenProvider(string token) : IVaultTokenProvider
{
    private readonly SecretString _token = new(token);

    public ValueTask<SecretString> GetTokenAsync(CancellationToken cancellationToken = default) => ValueTask.FromResult(_token);

    public ValueTask OnTokenRejectedAsync(SecretString rejectedToken, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;
}
