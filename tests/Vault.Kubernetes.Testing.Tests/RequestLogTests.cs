// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using Vault.Kubernetes.Testing.Tests.Infrastructure;

namespace Vault.Kubernetes.Testing.Tests;

public sealed class RequestLogTests
{
    [Fact]
    public async Task RequestLog_RecordsMethodPathStatusAndServerTime()
    {
        var clock = Clocks.Fake();
        await using VaultTarget vault = await VaultTarget.StartAsync(new VaultDevServerOptions { TimeProvider = clock });
        VaultDevServer server = vault.RequireServer();

        await vault.PostAsync("secret/data/app", new { data = new { a = "1" } });
        await vault.ListAsync("secret/metadata");
        await vault.GetAsync("secret/data/missing?version=3");

        Assert.Equal(
            [
                new VaultRequestLogEntry("POST", "secret/data/app", 200, clock.GetUtcNow()),
                new VaultRequestLogEntry("LIST", "secret/metadata", 200, clock.GetUtcNow()),
                new VaultRequestLogEntry("GET", "secret/data/missing", 404, clock.GetUtcNow()),
            ],
            server.RequestLog);
        server.ClearRequestLog();
        Assert.Empty(server.RequestLog);
    }

    [Fact]
    public async Task RequestLog_NeverContainsSecretsOrTokens()
    {
        await using VaultTarget vault = await VaultTarget.StartAsync();
        VaultDevServer server = vault.RequireServer();
        const string Secret = "s3cr3t-value-that-must-not-leak";

        await vault.PostAsync("secret/data/app", new { data = new { password = Secret } });
        await vault.PostAsync("auth/token/lookup", new { token = server.RootToken });
        await vault.GetAsync("secret/data/app?token=" + Secret);

        string dump = string.Join("\n", server.RequestLog.Select(e => e.ToString()));
        Assert.DoesNotContain(Secret, dump, StringComparison.Ordinal);
        Assert.DoesNotContain(server.RootToken, dump, StringComparison.Ordinal);
    }
}
