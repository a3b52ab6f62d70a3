// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using Microsoft.Extensions.Time.Testing;
using Vault.Kubernetes.Core.Tests.Sync;
using Vault.Kubernetes.Secrets;

namespace Vault.Kubernetes.Core.Tests.Secrets;

public sealed class KvFolderListerTests
{
    private readonly FakeVaultSecretSource _vault = new(new FakeTimeProvider());

    [Fact]
    public async Task ListAsync_NestedFolders_ReturnsRelativePathsSorted()
    {
        _vault.PutKv("secret/apps/z", new() { ["k"] = "v" });
        _vault.PutKv("secret/apps/team/b", new() { ["k"] = "v" });
        _vault.PutKv("secret/apps/a", new() { ["k"] = "v" });
        _vault.PutKv("secret/other", new() { ["k"] = "v" });

        IReadOnlyList<string> found = await KvFolderLister.ListAsync(_vault, "secret/apps/", TestContext.Current.CancellationToken);

        Assert.Equal(["a", "team/b", "z"], found);
    }

    [Fact]
    public async Task ListAsync_TooManySecrets_FailsNamingTheFolder()
    {
        for (int i = 0; i <= KvFolderLister.MaxSecrets; i++)
        {
            _vault.PutKv($"secret/big/s{i}", new() { ["k"] = "v" });
        }

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => KvFolderLister.ListAsync(_vault, "secret/big", TestContext.Current.CancellationToken));

        Assert.Contains("'secret/big'", ex.Message, StringComparison.Ordinal);
    }
}
