// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Text.Json.Nodes;
using Vault.Kubernetes.Injector.Tests.TestSupport;

namespace Vault.Kubernetes.Injector.Tests.EndToEnd;

/// <summary>kubectl apply → KubernetesDevServer → the MutatingWebhookConfiguration → the injector over HTTPS → the stored pod.</summary>
public sealed class KubectlInjectionTests
{
    private const string AskingPod = """
        apiVersion: v1
        kind: Pod
        metadata:
          name: app
          annotations:
            vault.hashicorp.com/agent-inject: "true"
            vault.hashicorp.com/role: "app"
            vault.hashicorp.com/agent-inject-secret-config: "secret/data/app"
            vault.hashicorp.com/agent-init-first: "true"
        spec:
          initContainers:
            - name: migrate
              image: busybox:1.37
          containers:
            - name: app
              image: busybox:1.37
        """;

    [Fact]
    public async Task Apply_AskingPod_StoresInjectedPod()
    {
        InjectorCluster.RequireKubectl();
        await using InjectorCluster cluster = await InjectorCluster.StartAsync();
        await cluster.KubectlAsync("apply -f -", cluster.WebhookConfiguration());

        (_, _, string stderr) = await cluster.KubectlAsync("apply -f -", AskingPod);

        JsonObject? pod = cluster.Pod("app");
        Assert.True(pod is not null, "the pod was not stored: " + stderr);
        Assert.Equal("injected", (string?)pod["metadata"]!["annotations"]!["vault.hashicorp.com/agent-inject-status"]);
        Assert.Equal(["vault-agent-init", "migrate"], Names(pod["spec"]!["initContainers"]));
        Assert.Equal(["app", "vault-agent"], Names(pod["spec"]!["containers"]));
        string[] volumes = Names(pod["spec"]!["volumes"]);
        Assert.StartsWith("kube-api-access-", volumes[0], StringComparison.Ordinal);
        Assert.Equal(["home-init", "home-sidecar", "vault-secrets", "vault-podinfo", "vault-agent-cache"], volumes[1..]);
        JsonObject init = pod["spec"]!["initContainers"]![0]!.AsObject();
        Assert.Equal("vault-agent-dotnet:test", (string?)init["image"]);
        Assert.Contains(init["volumeMounts"]!.AsArray(), m => ((string)m!["name"]!).StartsWith("kube-api-access-", StringComparison.Ordinal) && (string?)m["mountPath"] == "/var/run/secrets/kubernetes.io/serviceaccount");
        Assert.Contains(pod["spec"]!["containers"]![0]!["volumeMounts"]!.AsArray(), m => (string?)m!["name"] == "vault-secrets");
    }

    [Fact]
    public async Task Apply_PodNotAsking_StoredUnchanged()
    {
        InjectorCluster.RequireKubectl();
        await using InjectorCluster cluster = await InjectorCluster.StartAsync();
        await cluster.KubectlAsync("apply -f -", cluster.WebhookConfiguration());

        await cluster.KubectlAsync("apply -f -", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: plain\nspec:\n  containers:\n    - name: app\n      image: busybox:1.37\n");

        JsonObject pod = cluster.Pod("plain")!;
        Assert.Equal(["app"], Names(pod["spec"]!["containers"]));
        Assert.Null(pod["spec"]!["initContainers"]);
        Assert.Null(pod["metadata"]!["annotations"]?["vault.hashicorp.com/agent-inject-status"]);
    }

    [Fact]
    public async Task Apply_BadAnnotation_RefusedWithTheWebhooksMessage()
    {
        InjectorCluster.RequireKubectl();
        await using InjectorCluster cluster = await InjectorCluster.StartAsync();
        await cluster.KubectlAsync("apply -f -", cluster.WebhookConfiguration());

        (_, _, string stderr) = await cluster.KubectlAsync("apply -f -", AskingPod.Replace("agent-init-first: \"true\"", "agent-limits-cpu: \"lots\"", StringComparison.Ordinal));

        Assert.Null(cluster.Pod("app"));
        Assert.Contains("admission webhook \"vault.hashicorp.com\" denied the request", stderr, StringComparison.Ordinal);
        Assert.Contains("vault.hashicorp.com/agent-limits-cpu", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Apply_BadAnnotationWithAllowFailureMode_StoredUnchanged()
    {
        InjectorCluster.RequireKubectl();
        await using InjectorCluster cluster = await InjectorCluster.StartAsync(failureMode: "Allow");
        await cluster.KubectlAsync("apply -f -", cluster.WebhookConfiguration());

        (_, _, string stderr) = await cluster.KubectlAsync("apply -f -", AskingPod.Replace("agent-init-first: \"true\"", "agent-limits-cpu: \"lots\"", StringComparison.Ordinal));

        JsonObject? pod = cluster.Pod("app");
        Assert.True(pod is not null, "the pod was not stored: " + stderr);
        Assert.Equal(["app"], Names(pod["spec"]!["containers"]));
        Assert.Null(pod["metadata"]!["annotations"]!["vault.hashicorp.com/agent-inject-status"]);
    }

    [Theory]
    [InlineData("Ignore", true)]
    [InlineData("Fail", false)]
    public async Task Apply_WebhookUnreachable_FailurePolicyDecides(string policy, bool stored)
    {
        InjectorCluster.RequireKubectl();
        await using InjectorCluster cluster = await InjectorCluster.StartAsync();

        // Port 1 is not mapped to the injector, so the call fails.
        string configuration = cluster.WebhookConfiguration(policy, servicePort: 1).Replace("vault-injector\n", "nowhere\n", StringComparison.Ordinal);
        await cluster.KubectlAsync("apply -f -", configuration);
        (_, _, string stderr) = await cluster.KubectlAsync("apply -f -", AskingPod);

        Assert.Equal(stored, cluster.Pod("app") is not null);
        if (!stored)
        {
            Assert.Contains("failed calling webhook \"vault.hashicorp.com\"", stderr, StringComparison.Ordinal);
        }
        else
        {
            Assert.Equal(["app"], Names(cluster.Pod("app")!["spec"]!["containers"]));
        }
    }

    [Fact]
    public async Task Apply_CaBundleOfAnotherCa_CallRefusedByTls()
    {
        InjectorCluster.RequireKubectl();
        await using InjectorCluster cluster = await InjectorCluster.StartAsync();
        string otherCa = WebhookCertificates.Create(System.IO.Directory.CreateDirectory(Path.Combine(cluster.Directory, "other")).FullName).CaPem;
        string configuration = cluster.WebhookConfiguration().Replace(
            Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(cluster.Certificates.CaPem)),
            Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(otherCa)),
            StringComparison.Ordinal);
        await cluster.KubectlAsync("apply -f -", configuration);

        (_, _, string stderr) = await cluster.KubectlAsync("apply -f -", AskingPod);

        Assert.Null(cluster.Pod("app"));
        Assert.Contains("failed calling webhook", stderr, StringComparison.Ordinal);
    }

    private static string[] Names(JsonNode? array) => [.. array!.AsArray().Select(n => (string)n!["name"]!)];
}
