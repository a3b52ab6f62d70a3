// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Text.Json.Nodes;

namespace Vault.Kubernetes.Testing.Tests.KubernetesApi;

/// <summary>KubernetesDevServer calling MutatingWebhookConfigurations on Pod create.</summary>
public sealed class MutatingWebhookTests
{
    private static readonly JsonObject s_addLabel = new() { ["allowed"] = true, ["patchType"] = "JSONPatch", ["patch"] = FakeWebhook.Patch("""[{"op":"add","path":"/metadata/labels","value":{"mutated":"yes"}}]""") };

    [Fact]
    public async Task CreatePod_MatchingWebhook_GetsReviewAndPatchIsStored()
    {
        await using FakeWebhook webhook = await FakeWebhook.StartAsync(_ => (JsonObject)s_addLabel.DeepClone());
        await using KubeCluster cluster = await StartAsync(webhook);
        await CreateAsync(cluster, webhook.Configuration());

        (int status, JsonNode? pod) = await CreatePodAsync(cluster, "app");

        Assert.Equal(201, status);
        Assert.Equal("yes", (string?)pod!["metadata"]!["labels"]!["mutated"]);
        JsonObject review = Assert.Single(webhook.Reviews);
        Assert.Equal("admission.k8s.io/v1", (string?)review["apiVersion"]);
        Assert.Equal("CREATE", (string?)review["request"]!["operation"]);
        Assert.Equal(cluster.Namespace, (string?)review["request"]!["namespace"]);

        // The ServiceAccount admission plugin ran first: the webhook saw the token volume.
        Assert.StartsWith("kube-api-access-", (string?)review["request"]!["object"]!["spec"]!["volumes"]![0]!["name"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreatePod_WebhookDenies_RefusedWithItsMessage()
    {
        await using FakeWebhook webhook = await FakeWebhook.StartAsync(_ => new JsonObject { ["allowed"] = false, ["status"] = new JsonObject { ["code"] = 403, ["message"] = "no way" } });
        await using KubeCluster cluster = await StartAsync(webhook);
        await CreateAsync(cluster, webhook.Configuration());

        (int status, JsonNode? body) = await CreatePodAsync(cluster, "app");

        Assert.Equal(403, status);
        Assert.Equal("admission webhook \"hook.example.com\" denied the request: no way", (string?)body!["message"]);
    }

    [Fact]
    public async Task CreatePod_SelectorsDoNotMatch_WebhookNotCalled()
    {
        await using FakeWebhook webhook = await FakeWebhook.StartAsync(_ => (JsonObject)s_addLabel.DeepClone());
        await using KubeCluster cluster = await StartAsync(webhook);
        await CreateAsync(cluster, webhook.Configuration(namespaceSelector: new JsonObject { ["matchLabels"] = new JsonObject { ["team"] = "a" } }));
        await CreateAsync(cluster, webhook.Configuration(objectSelector: new JsonObject
        {
            ["matchExpressions"] = new JsonArray((JsonNode)new JsonObject { ["key"] = "skip", ["operator"] = "DoesNotExist" }),
        }));

        (int status, JsonNode? pod) = await CreatePodAsync(cluster, "app", labels: new JsonObject { ["skip"] = "1" });

        Assert.Equal(201, status);
        Assert.Empty(webhook.Reviews);
        Assert.Null(pod!["metadata"]!["labels"]!["mutated"]);
    }

    [Theory]
    [InlineData("Fail", 500)]
    [InlineData("Ignore", 201)]
    public async Task CreatePod_WebhookUnreachable_FailurePolicyDecides(string policy, int expected)
    {
        await using FakeWebhook webhook = await FakeWebhook.StartAsync(_ => (JsonObject)s_addLabel.DeepClone());
        await using KubeCluster cluster = await StartAsync(webhook);
        await CreateAsync(cluster, webhook.Configuration(policy, port: 1));

        (int status, JsonNode? body) = await CreatePodAsync(cluster, "app");

        Assert.Equal(expected, status);
        if (expected == 500)
        {
            Assert.Contains("failed calling webhook \"hook.example.com\"", (string?)body!["message"], StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task CreatePod_CaBundleDoesNotSignTheCertificate_CallFails()
    {
        await using FakeWebhook webhook = await FakeWebhook.StartAsync(_ => (JsonObject)s_addLabel.DeepClone());
        await using FakeWebhook other = await FakeWebhook.StartAsync(_ => (JsonObject)s_addLabel.DeepClone());
        await using KubeCluster cluster = await StartAsync(webhook);
        await CreateAsync(cluster, webhook.Configuration(caBundle: other.CaBundle));

        (int status, _) = await CreatePodAsync(cluster, "app");

        Assert.Equal(500, status);
        Assert.Empty(webhook.Reviews);
    }

    [Fact]
    public async Task CreatePod_AnswerWithWrongUid_TreatedAsFailure()
    {
        await using FakeWebhook webhook = await FakeWebhook.StartAsync(_ => new JsonObject { ["uid"] = "other", ["allowed"] = true });
        await using KubeCluster cluster = await StartAsync(webhook);
        await CreateAsync(cluster, webhook.Configuration());

        Assert.Equal(500, (await CreatePodAsync(cluster, "app")).Status);
    }

    private static async Task<KubeCluster> StartAsync(FakeWebhook webhook)
    {
        KubeCluster cluster = await KubeCluster.StartAsync(new KubernetesDevServerOptions { WebhookAddressMap = webhook.Map });
        cluster.RequireServer();
        return cluster;
    }

    private static async Task CreateAsync(KubeCluster cluster, JsonObject configuration) =>
        Assert.Equal(201, (await cluster.SendAsync(HttpMethod.Post, "apis/admissionregistration.k8s.io/v1/mutatingwebhookconfigurations", configuration)).Status);

    private static Task<(int Status, JsonNode? Body)> CreatePodAsync(KubeCluster cluster, string name, JsonObject? labels = null) =>
        cluster.SendAsync(HttpMethod.Post, $"api/v1/namespaces/{cluster.Namespace}/pods", new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = new JsonObject { ["name"] = name, ["labels"] = labels ?? [] },
            ["spec"] = new JsonObject { ["containers"] = new JsonArray((JsonNode)new JsonObject { ["name"] = "app", ["image"] = "busybox" }) },
        });
}
