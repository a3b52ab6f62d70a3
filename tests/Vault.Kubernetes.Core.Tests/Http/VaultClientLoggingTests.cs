// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Vault.Kubernetes.Http;
using Vault.Kubernetes.Secrets;

namespace Vault.Kubernetes.Core.Tests.Http;

public sealed class VaultClientLoggingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task LoginReadRenewCycle_AllLogs_ContainNoTokenJwtOrSecretValue()
    {
        const string RejectedToken = "hvs.rejected-token-value-xyz";
        var collector = new FakeLogCollector();
        using var factory = new LoggerFactory([new FakeLoggerProvider(collector)], new LoggerFilterOptions { MinLevel = LogLevel.Trace });
        var handler = new FakeVaultHandler()
            .Respond(HttpStatusCode.OK, VaultJson.Login())
            .Respond(HttpStatusCode.Forbidden, VaultJson.InvalidToken)
            .Respond(HttpStatusCode.ServiceUnavailable, """{"errors":["Vault is sealed"]}""")
            .Respond(HttpStatusCode.OK, VaultJson.KvV2())
            .Respond(HttpStatusCode.OK, VaultJson.Login(leaseDuration: 1800))
            .Respond(HttpStatusCode.Forbidden, VaultJson.PermissionDeniedMultierror)
            .Respond(HttpStatusCode.OK, VaultJson.DatabaseCreds);
        using VaultClient root = TestClients.Create(handler, loggerFactory: factory);

        VaultResponse login = await root.LoginKubernetesAsync("app", new SecretString(VaultJson.Jwt), cancellationToken: Ct);
        VaultClient client = root.WithTokenProvider(new FakeTokenProvider(RejectedToken, VaultJson.ClientToken));
        KvSecret secret = await client.ReadKvV2Async("secret", "app", cancellationToken: Ct);
        await client.RenewSelfAsync(login.Auth!.ClientToken, TimeSpan.FromHours(1), Ct);
        await Assert.ThrowsAsync<VaultException>(() => client.ReadAsync("secret/data/forbidden", Ct));
        VaultResponse? creds = await client.ReadAsync("database/creds/readonly", Ct);

        Assert.Equal(VaultJson.SecretValue, secret.Data["password"].GetString());
        Assert.NotNull(creds);
        IReadOnlyList<FakeLogRecord> records = collector.GetSnapshot();
        Assert.Contains(records, r => r.Level == LogLevel.Debug && r.Id.Name == "VaultRequestCompleted" && r.Message.Contains("secret/data/app", StringComparison.Ordinal));
        Assert.Contains(records, r => r.Id.Name == "VaultTokenRejected");
        Assert.Contains(records, r => r.Id.Name == "VaultRequestRetrying");
        Assert.Contains(records, r => r.Level == LogLevel.Debug && r.Id.Name == "VaultRequestFailed" && r.Message.Contains("403", StringComparison.Ordinal));
        Assert.Contains(records, r => r.Message.Contains("req-kv2", StringComparison.Ordinal));

        string[] secrets = [VaultJson.ClientToken, VaultJson.Jwt, VaultJson.SecretValue, RejectedToken, "v-k8s-readonly-Ab12Cd34", "hvs."];
        foreach (FakeLogRecord record in records)
        {
            string everything = string.Join(
                "\n",
                record.Message,
                record.Exception?.ToString() ?? string.Empty,
                string.Join(";", record.StructuredState?.Select(p => p.Key + "=" + p.Value) ?? []),
                string.Join(";", record.Scopes.Select(s => s?.ToString())));
            foreach (string secretText in secrets)
            {
                Assert.DoesNotContain(secretText, everything, StringComparison.Ordinal);
            }
        }
    }
}
