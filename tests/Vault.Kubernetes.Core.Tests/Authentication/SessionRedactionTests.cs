// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Diagnostics.Metrics;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Vault.Kubernetes.Authentication;
using Vault.Kubernetes.Diagnostics;
using Vault.Kubernetes.Http;

namespace Vault.Kubernetes.Core.Tests.Authentication;

public sealed class SessionRedactionTests
{
    [Fact]
    public async Task Logs_FullLoginRenewReloginCycle_NeverContainTokenOrJwt()
    {
        using var loggers = new CollectingLoggerFactory();
        string jwt = TestJwt.Projected();
        var method = new KubernetesAuthMethod("app", new StaticServiceAccountTokenSource(jwt));
        await using var harness = new SessionHarness(authMethod: method, loggerFactory: loggers);

        string first = await harness.GetTokenAsync();
        for (int renewal = 1; renewal <= 5; renewal++)
        {
            await harness.ExpectWaitThenAdvanceAsync(TimeSpan.FromMinutes(40));
            await harness.Client.Renewals.WaitForAsync(renewal);
        }

        await harness.ExpectWaitThenAdvanceAsync(TimeSpan.FromSeconds(1600));
        await harness.Client.Logins.WaitForAsync(2);
        harness.Client.RenewFailure = new VaultException(403, "auth/token/renew-self", ["invalid token"]);
        harness.Client.LoginFailure = new HttpRequestException("connection refused");
        await harness.ExpectWaitThenAdvanceAsync(TimeSpan.FromMinutes(40));
        await harness.Client.Logins.WaitForAsync(3);
        Assert.Equal(TimeSpan.FromSeconds(1), await harness.NextWaitAsync());
        await harness.DisposeAsync();

        string output = loggers.AllOutput();
        int[] ids = [.. loggers.Collector.GetSnapshot().Select(r => r.Id.Id)];
        Assert.Contains(1100, ids); // logged in
        Assert.Contains(1102, ids); // renewed
        Assert.Contains(1104, ids); // capped
        Assert.Contains(1103, ids); // renewal failed
        Assert.Contains(1101, ids); // login failed
        Assert.Contains("kubernetes", output, StringComparison.Ordinal);
        Assert.Equal(2, harness.Client.IssuedTokens.Count);
        Assert.Contains(first, harness.Client.IssuedTokens);
        foreach (string secret in harness.Client.IssuedTokens.Append(jwt).Concat(jwt.Split('.')))
        {
            Assert.DoesNotContain(secret, output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Metrics_LoginsRenewalsAndFailures_AreCountedWithoutTokens()
    {
        const string Role = "metrics-role";
        using var logins = new MetricCollector<long>(VaultTelemetry.s_meter, "vault.session.logins");
        using var renewals = new MetricCollector<long>(VaultTelemetry.s_meter, "vault.session.renewals");
        using var failures = new MetricCollector<long>(VaultTelemetry.s_meter, "vault.session.failures");
        var method = new KubernetesAuthMethod(Role, new StaticServiceAccountTokenSource(TestJwt.Projected()));
        await using var harness = new SessionHarness(authMethod: method);

        string token = await harness.GetTokenAsync();
        await harness.ExpectWaitThenAdvanceAsync(TimeSpan.FromMinutes(40));
        await harness.Client.Renewals.WaitForAsync(1);
        harness.Client.RenewFailure = new HttpRequestException("connection refused");
        harness.Client.LoginFailure = new HttpRequestException("connection refused");
        await harness.ExpectWaitThenAdvanceAsync(TimeSpan.FromMinutes(40));
        await harness.Client.Logins.WaitForAsync(2);
        Assert.Equal(TimeSpan.FromSeconds(1), await harness.NextWaitAsync());

        Assert.Equal(["success", "failure"], Outcomes(logins, Role));
        Assert.Equal(["success", "failure"], Outcomes(renewals, Role));
        Assert.Equal(["renew", "login"], Mine(failures, Role).Select(m => (string)m.Tags["operation"]!));
        foreach (CollectedMeasurement<long> m in Mine(logins, Role).Concat(Mine(renewals, Role)).Concat(Mine(failures, Role)))
        {
            Assert.Equal("kubernetes", m.Tags["vault.auth.mount"]);
            Assert.DoesNotContain(m.Tags.Values, v => v is string s && s.Contains(token, StringComparison.Ordinal));
        }
    }

    private static IEnumerable<CollectedMeasurement<long>> Mine(MetricCollector<long> collector, string role)
        => collector.GetMeasurementSnapshot().Where(m => Equals(m.Tags["vault.auth.role"], role));

    private static IEnumerable<string> Outcomes(MetricCollector<long> collector, string role)
        => Mine(collector, role).Select(m => (string)m.Tags["outcome"]!);
}
