// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using Vault.Kubernetes.Operator.Controller;
using Vault.Kubernetes.Operator.Hosting;
using Vault.Kubernetes.Operator.Tests.TestSupport;

namespace Vault.Kubernetes.Operator.Tests;

/// <summary>The core loop end to end: VaultStaticSecret to Secret, a KV change to one update and one rollout restart, an unchanged refresh to zero writes.</summary>
public sealed class StaticSecretTests
{
    internal const string Secrets = "api/v1/namespaces/shop/secrets";
    internal const string StaticSecrets = "apis/secrets.hashicorp.com/v1beta1/namespaces/shop/vaultstaticsecrets";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The web-config VaultStaticSecret; <paramref name="transformation"/> is a YAML flow mapping for <c>destination.transformation</c>.</summary>
    public static string WebConfig(string refreshAfter = "60s", string? transformation = null) => $$"""
        apiVersion: secrets.hashicorp.com/v1beta1
        kind: VaultStaticSecret
        metadata: {name: web-config, namespace: shop}
        spec:
          type: kv-v2
          mount: secret
          path: web/config
          refreshAfter: {{refreshAfter}}
          destination: {name: web-config, create: true{{(transformation is null ? string.Empty : ", transformation: " + transformation)}} }
          rolloutRestartTargets:
          - {kind: Deployment, name: web}
        """;

    [Fact]
    public async Task KubectlApply_SampleManifests_WritesDestinationSecretsWithExpectedKeys()
    {
        await using OperatorEnvironment env = await OperatorEnvironment.StartAsync();
        OperatorHost host = env.StartOperator();
        await OperatorEnvironment.LeadingControllerAsync(host);

        // The real `kubectl apply -f` of the shipped examples, with only the Vault address pointed at the dev server.
        string examples = Path.Combine(AppContext.BaseDirectory, "deploy", "examples");
        foreach (string file in Directory.GetFiles(examples, "*.yaml").Order(StringComparer.Ordinal))
        {
            string copy = Path.Combine(env.Directory, Path.GetFileName(file));
            await File.WriteAllTextAsync(copy, env.PointAtDevVault(await File.ReadAllTextAsync(file, Ct)), Ct);
        }

        await env.Kubectl("apply -f " + Path.Combine(env.Directory, "default-connection.yaml"));
        await env.Kubectl("apply -f " + Path.Combine(env.Directory, "web.yaml"));

        JsonObject secret = (await env.WaitForAsync(Secrets, "web-config", s => s is not null))!;
        Dictionary<string, string> data = env.SecretData("shop", "web-config")!;
        Assert.Equal(["_raw", "password", "region", "username"], data.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("app", data["username"]);
        Assert.Equal("shared-wins", data["password"]);
        Assert.Equal("eu-west", data["region"]);
        Assert.Equal("shared-wins", JsonNode.Parse(data["_raw"])!["password"]!.GetValue<string>());
        JsonObject owner = (JsonObject)secret["metadata"]!["ownerReferences"]![0]!;
        Assert.Equal(("VaultStaticSecret", "web-config"), ((string)owner["kind"]!, (string)owner["name"]!));
        Assert.Equal("hashicorp-vso", (string?)secret["metadata"]!["labels"]!["app.kubernetes.io/managed-by"]);

        await env.WaitForAsync("api/v1/namespaces/shop/secrets", "web-db", s => s is not null);
        Dictionary<string, string> db = env.SecretData("shop", "web-db")!;
        Assert.True(env.Vault.Database.IsValid(db["username"], db["password"]));

        JsonObject resource = (await env.WaitForAsync(StaticSecrets, "web-config", r => Ready(r) == "True"))!;
        Assert.Equal((long)resource["metadata"]!["generation"]!, (long)resource["status"]!["conditions"]![0]!["observedGeneration"]!);
        Assert.False(string.IsNullOrEmpty((string?)resource["status"]!["secretMAC"]));
        string reason = await env.Kubectl("get vaultstaticsecret web-config -n shop -o jsonpath={.status.conditions[0].reason}");
        Assert.Equal("SecretSynced", reason);
    }

    [Fact]
    public async Task KvChange_UpdatesSecretAndRestartsDeploymentOnce_UnchangedRefreshWritesNothing()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero));
        await using OperatorEnvironment env = await OperatorEnvironment.StartAsync(time);
        SecretController controller = await env.StartLeadingWithDefaultsAsync();
        await env.ApplyYamlAsync(WebConfig());
        await env.WaitForAsync(StaticSecrets, "web-config", r => Ready(r) == "True");
        await controller.WhenIdleAsync(Ct);
        Assert.Equal("s3cr3t-v1", env.SecretData("shop", "web-config")!["password"]);
        Assert.Null(RestartedAt(env));

        // The first sync writes the Secret once and the status once (Ready with secretMAC), nothing else.
        Assert.Equal(1, env.Kube.RequestLog.Count(e => e.Method is "PUT" or "POST" && e.Path.Contains(Secrets, StringComparison.Ordinal)));
        Assert.Equal(1, env.Kube.RequestLog.Count(e => e.Method == "PATCH" && e.Path.EndsWith("/vaultstaticsecrets/web-config/status", StringComparison.Ordinal)));

        // Unchanged refresh: Vault is asked (version check), Kubernetes is not written at all.
        env.Kube.ClearRequestLog();
        env.Vault.ClearRequestLog();
        time.Advance(TimeSpan.FromSeconds(61));
        await controller.WhenIdleAsync(Ct);
        Assert.Equal(0, env.KubeWrites());
        Assert.InRange(env.Vault.RequestLog.Count, 1, 2);

        // A new KV version: the Secret is updated and the Deployment restarted, once.
        env.Vault.WriteKvSecret("secret", "web/config", new Dictionary<string, object?> { ["username"] = "app", ["password"] = "s3cr3t-v2" });
        env.Kube.ClearRequestLog();
        time.Advance(TimeSpan.FromSeconds(61));
        await controller.WhenIdleAsync(Ct);
        await env.WaitForAsync(Secrets, "web-config", s => env.SecretData("shop", "web-config")?["password"] == "s3cr3t-v2");
        Assert.NotNull(RestartedAt(env));
        Assert.Equal(1, env.Kube.RequestLog.Count(e => e.Method == "PATCH" && e.Path.EndsWith("/deployments/web", StringComparison.Ordinal)));
        Assert.Equal(1, env.Kube.RequestLog.Count(e => e.Method is "PUT" or "POST" && e.Path.Contains("/secrets", StringComparison.Ordinal)));
        Assert.Equal(1, env.Kube.RequestLog.Count(e => e.Method == "PATCH" && e.Path.EndsWith("/vaultstaticsecrets/web-config/status", StringComparison.Ordinal)));

        // And the next unchanged refresh is quiet again.
        env.Kube.ClearRequestLog();
        time.Advance(TimeSpan.FromSeconds(61));
        await controller.WhenIdleAsync(Ct);
        Assert.Equal(0, env.KubeWrites());
    }

    internal static string? Ready(JsonObject? resource) =>
        (resource?["status"]?["conditions"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault(c => (string?)c["type"] == "Ready")?["status"]?.GetValue<string>();

    private static string? RestartedAt(OperatorEnvironment env) =>
        (string?)env.Kube.GetObject("apps/v1", "deployments", "shop", "web")?["spec"]?["template"]?["metadata"]?["annotations"]?[RolloutRestarter.RestartedAtAnnotation];
}
