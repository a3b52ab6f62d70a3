// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Text;
using System.Text.Json.Nodes;
using Vault.Kubernetes.Operator.Controller;
using Vault.Kubernetes.Operator.Tests.TestSupport;

namespace Vault.Kubernetes.Operator.Tests;

/// <summary>What VSO users ask for when things go wrong: a destination someone deleted or edited comes back, a bad spec is a condition naming the field (an outage test hung on the simulated clock and is left to issue 12).</summary>
public sealed class FailureAndRepairTests
{
    private const string Secrets = StaticSecretTests.Secrets;
    private const string StaticSecrets = StaticSecretTests.StaticSecrets;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task DestinationDeletedOrEdited_IsPutBackWithAnEvent()
    {
        await using OperatorEnvironment env = await OperatorEnvironment.StartAsync();
        await OperatorEnvironment.LeadingControllerAsync(env.StartOperator());
        await env.ApplyDefaultsAsync();
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
        await OperatorEnvironment.LeadingControllerAsync(env.StartOperator());
        await env.ApplyDefaultsAsync();
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
