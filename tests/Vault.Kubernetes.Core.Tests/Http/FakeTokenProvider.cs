// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using Vault.Kubernetes.Http;

namespace Vault.Kubernetes.Core.Tests.Http;

/// <summary>Hands out tokens from a list in order; the next one becomes current after a rejection.</summary>
internal sealed class FakeTokenProvider(params string[] tokens) : IVaultTokenProvider
{
    private int _index;

    public List<string> Rejected { get; } = [];

    public int GetCount { get; private set; }

    public ValueTask<SecretString> GetTokenAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        GetCount++;
        return ValueTask.FromResult(new SecretString(tokens[Math.Min(_index, tokens.Length - 1)]));
    }

    public ValueTask OnTokenRejectedAsync(SecretString rejectedToken, CancellationToken cancellationToken = default)
    {
        Rejected.Add(rejectedToken.Reveal());
        _index++;
        return ValueTask.CompletedTask;
    }
}
