// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using Vault.Kubernetes.Operator.Controller;
using Vault.Kubernetes.Operator.Hosting;
using Vault.Kubernetes.Operator.Tests.TestSupport;

namespace Vault.Kubernetes.Operator.Tests;

/// <summary>What VSO users ask for when things go wrong: an outage leaves the Secret alone and says so, a destination someone deleted or edited comes back, a bad spec is a condition naming the field.</summary>
public sealed class FailureAndRepairTests
{
    private const string Secrets = StaticSecretTests.Secrets;
    private const string StaticSecrets = StaticSecretTests.StaticSecrets;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task VaultOutage_LeavesTheSecretAsItWasWithAFailingCondition_ThenRecoversOnItsOwn()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero));
        await using OperatorEnvironment env = await OperatorEnvironment.StartAsync(time);

        // Every retry is the resource's backoff, on the simulated clock (the client's own quick retries would wait on it too).
        SecretController controller = await env.StartLeadingWithDefaultsAsync(o => o.Controller.VaultRequestRetries = 0);
        await env.ApplyYamlAsync(StaticSecretTests.WebConfig());
        await env.WaitForAsync(StaticSecrets, "web-config", r => StaticSecretTests.Ready(r) == "True");
        await controller.WhenIdleAsync(Ct);
        string version = (string)env.Kube.GetObject("v1", "secrets", "shop", "web-config")!["metadata"]!["resourceVersion"]!;

        // Vault goes down (sealed: every request 503) and the secret changes behind it.
        env.Vault.Faults.Seal();
        env.Vault.WriteKvSecret("secret", "web/config", new Dictionary<string, object?> { ["username"] = "app", ["password"] = "s3cr3t-v2" });
        env.Kube.ClearRequestLog();
        for (int i = 0; i < 5; i++)
        {
            time.Advance(TimeSpan.FromSeconds(61));
            await controller.WhenIdleAsync(Ct);
        }

        JsonObject failing = (await env.WaitForAsync(StaticSecrets, "web-config", r => StaticSecretTests.Ready(r) == "False"))!;
        JsonObject condition = (JsonObject)failing["status"]!["conditions"]![0]!;
        Assert.Equal(Reasons.VaultClientError, (string?)condition["reason"]);
        Assert.Contains("503", (string?)condition["message"], StringComparison.Ordinal);
        Assert.Equal(0, env.Kube.RequestLog.Count(e => e.Method != "GET" && e.Path.Contains(Secrets, StringComparison.Ordinal)));
        JsonObject kept = env.Kube.GetObject("v1", "secrets", "shop", "web-config")!;
        Assert.Equal(version, (string)kept["metadata"]!["resourceVersion"]!);
        Assert.Equal("s3cr3t-v1", env.SecretData("shop", "web-config")!["password"]);
        string reasons = await env.Kubectl("get events -n shop -o jsonpath={.items[*].reason}");
        Assert.Contains(Reasons.VaultClientError, reasons, StringComparison.Ordinal);

        // Vault comes back: within the longest backoff the resource is Ready again and the Secret has the new version.
        env.Vault.Faults.Unseal();
        time.Advance(TimeSpan.FromSeconds(61));
        await controller.WhenIdleAsync(Ct);
        await env.WaitForAsync(StaticSecrets, "web-config", r => StaticSecretTests.Ready(r) == "True");
        await env.WaitForAsync(Secrets, "web-config", s => env.SecretData("shop", "web-config")?["password"] == "s3cr3t-v2");
    }

    [Fact]
    public async Task ApiServerFailingAtStart_TheHostStartsTheControllerAgainInsteadOfExiting()
    {
        await using OperatorEnvironment env = await OperatorEnvironment.StartAsync();
        await env.ApplyDefaultsAsync();
        await env.ApplyYamlAsync(StaticSecretTests.WebConfig());

        // The controller's first request (the content-hash key in the operator namespace) fails twice.
        env.Kube.Faults.FailNextRequests(2, 503, "/api/v1/namespaces/" + OperatorEnvironment.OperatorNamespace + "/secrets");
        env.StartOperator(configure: o => o.RestartDelay = TimeSpan.FromMilliseconds(50));

        await env.WaitForAsync(Secrets, "web-config", s => s is not null && env.SecretData("shop", "web-config")?["password"] == "s3cr3t-v1");
        Assert.Equal(2, env.Logs.Lines.Count(l => l.Contains("The controller stopped; starting again in", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task ControllerFailed_NotReadyWhileWaitingToRestart_ReadyOnceTheNewControllerHasListed()
    {
        // Before, /readyz took "no controller" for a standby and answered ready throughout the restart delay.
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero));
        await using OperatorEnvironment env = await OperatorEnvironment.StartAsync(time);
        await env.ApplyDefaultsAsync();
        env.Kube.Faults.FailNextRequests(1, 503, "/api/v1/namespaces/" + OperatorEnvironment.OperatorNamespace + "/secrets");
        var restarting = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        OperatorHost host = env.StartOperator(
            configure: o => o.RestartDelay = TimeSpan.FromMinutes(1),
            beforeStart: h => h.Restarting += _ => restarting.TrySetResult());
        Assert.False(host.IsReady);
        await restarting.Task.WaitAsync(OperatorEnvironment.Wait, Ct);

        Assert.False(host.IsReady);
        time.Advance(TimeSpan.FromMinutes(1));
        SecretController controller = await OperatorEnvironment.LeadingControllerAsync(host);
        Assert.True(host.IsReady);
        Assert.Same(controller, host.Controller);
    }

    [Fact]
    public async Task StandbyReplica_IsReadyWithoutAController()
    {
        await using OperatorEnvironment env = await OperatorEnvironment.StartAsync();
        SecretController leader = await OperatorEnvironment.LeadingControllerAsync(env.StartOperator(leaderElection: true, identity: "op-1"));

        OperatorHost standby = env.StartOperator(leaderElection: true, identity: "op-2");

        Assert.True(leader.Ready.IsCompleted);
        Assert.Null(standby.Controller);
        Assert.True(standby.IsReady);
    }

    [Fact]
    public async Task ConnectionHeaderOverridingTheClients_IsReadyFalseNamingTheHeader()
    {
        await using OperatorEnvironment env = await OperatorEnvironment.StartAsync();
        await env.StartLeadingWithDefaultsAsync();
        await env.ApplyYamlAsync(env.PointAtDevVault("""
            apiVersion: secrets.hashicorp.com/v1beta1
            kind: VaultConnection
            metadata: {name: gateway, namespace: shop}
            spec:
              address: http://vault.vault.svc:8200
              headers: {X-Gateway-Key: gw-k3y, X-Vault-Token: hvs.smuggled}
            ---
            apiVersion: secrets.hashicorp.com/v1beta1
            kind: VaultAuth
            metadata: {name: gateway-auth, namespace: shop}
            spec:
              vaultConnectionRef: gateway
              method: kubernetes
              mount: kubernetes
              kubernetes: {role: web, serviceAccount: web, audiences: [vault]}
            ---
            apiVersion: secrets.hashicorp.com/v1beta1
            kind: VaultStaticSecret
            metadata: {name: web-config, namespace: shop}
            spec:
              vaultAuthRef: gateway-auth
              type: kv-v2
              mount: secret
              path: web/config
              destination: {name: web-config, create: true}
            """));

        JsonObject resource = (await env.WaitForAsync(StaticSecrets, "web-config", r => StaticSecretTests.Ready(r) == "False"))!;
        string message = (string)resource["status"]!["conditions"]![0]!["message"]!;
        Assert.Contains("VaultConnection shop/gateway: spec.headers may not set X-Vault-Token", message, StringComparison.Ordinal);
        Assert.DoesNotContain("hvs.smuggled", message, StringComparison.Ordinal);
        Assert.DoesNotContain("gw-k3y", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DestinationDeletedOrEdited_IsPutBackWithAnEvent()
    {
        await using OperatorEnvironment env = await OperatorEnvironment.StartAsync();
        await env.StartLeadingWithDefaultsAsync();
        await env.ApplyYamlAsync(StaticSecretTests.WebConfig());
        await env.WaitForAsync(Secrets, "web-config", s => env.SecretData("shop", "web-config")?["password"] == "s3cr3t-v1");

        await env.Kubectl("delete secret web-config -n shop");
        await env.WaitForAsync(Secrets, "web-config", s => s is not null && env.SecretData("shop", "web-config")?["password"] == "s3cr3t-v1");

        JsonObject secret = env.Kube.GetObject("v1", "secrets", "shop", "web-config")!;
        secret["data"]!["password"] = Convert.ToBase64String(Encoding.UTF8.GetBytes("tampered"));
        env.Kube.UpdateObject(secret);
        await env.WaitForAsync(Secrets, "web-config", s => s is not null && env.SecretData("shop", "web-config")?["password"] == "s3cr3t-v1");

        string reasons = await env.Kubectl("get events -n shop -o jsonpath={.items[*].reason}");
        Assert.Contains(Reasons.SecretRestored, reasons, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownVaultAuth_GetsAReadyFalseConditionNamingTheField_AndTheOperatorCarriesOn()
    {
        await using OperatorEnvironment env = await OperatorEnvironment.StartAsync();
        await env.StartLeadingWithDefaultsAsync();
        await env.ApplyYamlAsync("""
            apiVersion: secrets.hashicorp.com/v1beta1
            kind: VaultStaticSecret
            metadata: {name: broken, namespace: shop}
            spec:
              type: kv-v2
              mount: secret
              path: web/config
              vaultAuthRef: no-such-auth
              destination: {name: broken, create: true}
            """);

        JsonObject broken = (await env.WaitForAsync(StaticSecrets, "broken", r => StaticSecretTests.Ready(r) == "False"))!;
        JsonObject condition = (JsonObject)broken["status"]!["conditions"]![0]!;
        Assert.Equal(Reasons.InvalidSpec, (string?)condition["reason"]);
        Assert.Contains("vaultAuthRef", (string?)condition["message"], StringComparison.Ordinal);
        Assert.Contains("no-such-auth", (string?)condition["message"], StringComparison.Ordinal);
        Assert.Null(env.SecretData("shop", "broken"));

        // The same operator still serves a good resource.
        await env.ApplyYamlAsync(StaticSecretTests.WebConfig());
        await env.WaitForAsync(StaticSecrets, "web-config", r => StaticSecretTests.Ready(r) == "True");
    }
}
