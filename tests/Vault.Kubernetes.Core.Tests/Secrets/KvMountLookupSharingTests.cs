// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using Vault.Kubernetes.Http;
using Vault.Kubernetes.Secrets;
using Vault.Kubernetes.Testing;

namespace Vault.Kubernetes.Core.Tests.Secrets;

/// <summary>A cold load reads many secrets of one mount at once: they share one mount lookup instead of sending one each.</summary>
public sealed class KvMountLookupSharingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ParallelReadersOfOneMount_SendExactlyOneMountLookup()
    {
        await using VaultDevServer server = await VaultDevServer.StartAsync(cancellationToken: Ct);
        for (int i = 0; i < 16; i++)
        {
            server.WriteKvSecret("secret", $"app{i}", new Dictionary<string, object?> { ["k"] = $"v{i}" });
        }

        // The lookup is slow, so every reader arrives while it is in flight.
        server.Faults.SetLatency(TimeSpan.FromMilliseconds(200), "sys/internal/ui/mounts");
        using var client = new VaultClient(new VaultClientOptions { Address = server.Address }).WithTokenProvider(new StaticTokenProvider(server.RootToken));
        server.ClearRequestLog();

        KvSecret[] secrets = await Task.WhenAll(Enumerable.Range(0, 16).Select(i => client.ReadKvAsync($"secret/app{i}", cancellationToken: Ct)));

        Assert.All(secrets, (s, i) => Assert.Equal($"v{i}", s.Data["k"].GetString()));
        Assert.Equal(1, server.RequestLog.Count(e => e.Path.StartsWith("sys/internal/ui/mounts", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task SharedLookupFails_EachWaiterLooksUpItselfAndGetsItsOwnAnswer()
    {
        await using VaultDevServer server = await VaultDevServer.StartAsync(cancellationToken: Ct);
        server.WriteKvSecret("secret", "app", new Dictionary<string, object?> { ["k"] = "v" });
        using var client = new VaultClient(new VaultClientOptions { Address = server.Address, MaxRetries = 0 }).WithTokenProvider(new StaticTokenProvider(server.RootToken));
        server.Faults.SetLatency(TimeSpan.FromMilliseconds(200), "sys/internal/ui/mounts");
        server.Faults.FailNextRequests(1, 500, "sys/internal/ui/mounts");

        // One of the two fails with the injected 500; the other must not inherit that failure.
        Task<KvSecret>[] reads = [client.ReadKvAsync("secret/app", cancellationToken: Ct), client.ReadKvAsync("secret/app", cancellationToken: Ct)];
        await Task.WhenAll(reads.Select(r => r.ContinueWith(_ => { }, TaskScheduler.Default)));

        Assert.Equal(1, reads.Count(r => r.IsFaulted));
        Assert.Equal(1, reads.Count(r => r.IsCompletedSuccessfully && r.Result.Data["k"].GetString() == "v"));
    }

    private sealed class StaticTokenProvider(string token) : IVaultTokenProvider
    {
        public ValueTask<SecretString> GetTokenAsync(CancellationToken cancellationToken = default) => ValueTask.FromResult(new SecretString(token));

        public ValueTask OnTokenRejectedAsync(SecretString rejectedToken, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;
    }
}
