// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using Vault.Kubernetes.Operator.Controller;
using Vault.Kubernetes.Operator.Tests.TestSupport;

namespace Vault.Kubernetes.Operator.Tests;

/// <summary>VaultDynamicSecret: database credentials kept valid across renewals and max-TTL re-issues, and revoked when the resource goes.</summary>
public sealed class DynamicSecretTests
{
    internal const string DynamicSecrets = "apis/secrets.hashicorp.com/v1beta1/namespaces/shop/vaultdynamicsecrets";
    private const string Secrets = StaticSecretTests.Secrets;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string WebDb(bool revoke = true) => $$"""
        apiVersion: secrets.hashicorp.com/v1beta1
        kind: VaultDynamicSecret
        metadata: {name: web-db, namespace: shop}
        spec:
          mount: database
          path: creds/web
          renewalPercent: 67
          revoke: {{(revoke ? "true" : "false")}}
          destination: {name: web-db, create: true}
          rolloutRestartTargets:
          - {kind: Deployment, name: web}
        """;

    [Fact]
    public async Task DeletingTheResource_RevokesItsLease()
    {
        await using OperatorEnvironment env = await OperatorEnvironment.StartAsync();
        await env.StartLeadingWithDefaultsAsync();
        await env.ApplyYamlAsync(WebDb());
        await env.WaitForAsync(Secrets, "web-db", s => s is not null);
        Dictionary<string, string> credentials = env.SecretData("shop", "web-db")!;
        Assert.True(env.Vault.Database.IsValid(credentials["username"], credentials["password"]));
        JsonObject resource = (await env.WaitForAsync(DynamicSecrets, "web-db", r => StaticSecretTests.Ready(r) == "True"))!;
        Assert.Contains(Vault.Kubernetes.Operator.Resources.ResourceKind.Dynamic.Finalizer, resource["metadata"]!["finalizers"]!.AsArray().Select(f => (string?)f));

        await env.Kubectl("delete vaultdynamicsecret web-db -n shop --wait=false");

        // The finalizer holds the object until the lease is revoked, then lets it go.
        await env.WaitForAsync(DynamicSecrets, "web-db", r => r is null);
        Assert.False(env.Vault.Database.IsValid(credentials["username"], credentials["password"]));
        Assert.Contains(env.Vault.RequestLog, e => e.Method == "PUT" && e.Path.Contains("sys/leases/revoke", StringComparison.Ordinal) && e.StatusCode == 204);
        string reasons = await env.Kubectl("get events -n shop -o jsonpath={.items[*].reason}");
        Assert.Contains(Reasons.LeasesRevoked, reasons, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeletingTheResource_RevokeRefusedByPolicy_SaysSoAndStillLetsTheResourceGo()
    {
        await using OperatorEnvironment env = await OperatorEnvironment.StartAsync();
        await env.StartLeadingWithDefaultsAsync();
        env.Vault.SetPolicy("web", OperatorEnvironment.WebPolicy.Replace("path \"sys/leases/revoke\" { capabilities = [\"update\"] }", string.Empty, StringComparison.Ordinal));
        await env.ApplyYamlAsync(WebDb());
        await env.WaitForAsync(DynamicSecrets, "web-db", r => StaticSecretTests.Ready(r) == "True");
        Dictionary<string, string> credentials = env.SecretData("shop", "web-db")!;

        await env.Kubectl("delete vaultdynamicsecret web-db -n shop --wait=false");

        await env.WaitForAsync(DynamicSecrets, "web-db", r => r is null);
        Assert.True(env.Vault.Database.IsValid(credentials["username"], credentials["password"]));
        string events = string.Join('\n', JsonNode.Parse(await env.Kubectl("get events -n shop -o json"))!["items"]!.AsArray().Select(e => $"{e!["reason"]}:{e["message"]}"));
        Assert.DoesNotContain(Reasons.LeasesRevoked, events, StringComparison.Ordinal);
        string failed = Assert.Single(events.Split('\n'), l => l.StartsWith(Reasons.LeaseRevokeFailed, StringComparison.Ordinal));
        Assert.Contains("sys/leases/revoke", failed, StringComparison.Ordinal);
        Assert.Contains("403", failed, StringComparison.Ordinal);
        Assert.DoesNotContain(credentials["password"], events, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeletingTheResource_WithoutRevoke_LeavesTheLease()
    {
        await using OperatorEnvironment env = await OperatorEnvironment.StartAsync();
        await env.StartLeadingWithDefaultsAsync();
        await env.ApplyYamlAsync(WebDb(revoke: false));
        await env.WaitForAsync(Secrets, "web-db", s => s is not null);
        Dictionary<string, string> credentials = env.SecretData("shop", "web-db")!;

        await env.Kubectl("delete vaultdynamicsecret web-db -n shop");

        await env.WaitForAsync(DynamicSecrets, "web-db", r => r is null);
        Assert.True(env.Vault.Database.IsValid(credentials["username"], credentials["password"]));
        Assert.DoesNotContain(env.Vault.RequestLog, e => e.Path.Contains("sys/leases/revoke", StringComparison.Ordinal));
    }

    [Fact]
    public async Task FortyEightSimulatedHours_TtlOneHourMaxTwentyFour_TheSecretNeverHoldsExpiredCredentials()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero));
        await using OperatorEnvironment env = await OperatorEnvironment.StartAsync(time);
        SecretController controller = await env.StartLeadingWithDefaultsAsync();
        await env.ApplyYamlAsync(WebDb());
        await env.WaitForAsync(Secrets, "web-db", s => s is not null);
        await controller.WhenIdleAsync(Ct);
        env.Kube.ClearRequestLog();

        // Every simulated minute for 48 hours, the credentials in the Secret must be live in Vault (the role: TTL 1 h, max 24 h;
        // the Vault token behind them: TTL 1 h, max 24 h, so the operator must log in again too).
        var usernames = new List<string>();
        for (int minute = 0; minute < 48 * 60; minute++)
        {
            time.Advance(TimeSpan.FromMinutes(1));
            await controller.WhenIdleAsync(Ct);
            Dictionary<string, string> credentials = env.SecretData("shop", "web-db")!;
            Assert.True(
                env.Vault.Database.IsValid(credentials["username"], credentials["password"]),
                $"at {time.GetUtcNow():u} the Secret holds credentials Vault no longer accepts ({credentials["username"]})");
            if (usernames.Count == 0 || usernames[^1] != credentials["username"])
            {
                usernames.Add(credentials["username"]);
            }
        }

        // Renewed in place until the 24 h maximum, then re-issued before it: 2 or 3 credentials over 48 hours, each written once,
        // each write restarting the Deployment once.
        Assert.InRange(usernames.Count, 2, 3);
        int secretWrites = env.Kube.RequestLog.Count(e => e.Method is "PUT" or "POST" && e.Path.Contains(Secrets, StringComparison.Ordinal));
        Assert.Equal(usernames.Count - 1, secretWrites);
        Assert.Equal(usernames.Count - 1, env.Kube.RequestLog.Count(e => e.Method == "PATCH" && e.Path.EndsWith("/deployments/web", StringComparison.Ordinal)));
        string reasons = await env.Kubectl("get events -n shop -o jsonpath={.items[*].reason}");
        Assert.Contains(Reasons.SecretRotated, reasons, StringComparison.Ordinal);
        JsonObject status = (JsonObject)env.Kube.GetObject("secrets.hashicorp.com/v1beta1", "vaultdynamicsecrets", "shop", "web-db")!["status"]!;
        Assert.StartsWith("database/creds/web/", (string?)status["secretLease"]!["id"], StringComparison.Ordinal);
        Assert.True((bool)status["secretLease"]!["renewable"]!);
    }
}
