// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Time.Testing;
using Vault.Kubernetes.Testing.Tests.Infrastructure;

namespace Vault.Kubernetes.Testing.Tests.KubernetesApi;

/// <summary>Behaviour that needs the in-process server: fault hooks, the request log, the clock, and server-side controllers.</summary>
public sealed class KubernetesDevServerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Watch_TimeoutSeconds_EndsTheStreamOnTheServerClock()
    {
        FakeTimeProvider clock = Clocks.Fake();
        await using KubeCluster cluster = await KubeCluster.StartAsync(new KubernetesDevServerOptions { TimeProvider = clock });
        cluster.RequireServer();
        using HttpResponseMessage response = await cluster.Http.GetAsync($"api/v1/namespaces/{cluster.Namespace}/secrets?watch=true&timeoutSeconds=60&allowWatchBookmarks=true", HttpCompletionOption.ResponseHeadersRead, Ct);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(Ct));

        // The first line is the bookmark, written after the timeout timer was set.
        JsonNode bookmark = JsonNode.Parse((await reader.ReadLineAsync(Ct))!)!;
        Assert.Equal(("BOOKMARK", "Secret"), ((string?)bookmark["type"], (string?)bookmark["object"]!["kind"]));

        clock.Advance(TimeSpan.FromSeconds(59));
        var secret = new JsonObject { ["metadata"] = new JsonObject { ["name"] = "late" } };
        Assert.Equal(201, (await cluster.SendAsync(HttpMethod.Post, $"api/v1/namespaces/{cluster.Namespace}/secrets", secret)).Status);
        Assert.Equal("ADDED", (string?)JsonNode.Parse((await reader.ReadLineAsync(Ct))!)!["type"]);
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Null(await reader.ReadLineAsync(Ct).AsTask().WaitAsync(TimeSpan.FromSeconds(30), Ct));
    }

    [Fact]
    public async Task Faults_DropWatches_CutsOpenStreamsMidway()
    {
        await using KubeCluster cluster = await KubeCluster.StartAsync();
        KubernetesDevServer server = cluster.RequireServer();
        using HttpResponseMessage response = await cluster.Http.GetAsync($"api/v1/namespaces/{cluster.Namespace}/secrets?watch=1&allowWatchBookmarks=true", HttpCompletionOption.ResponseHeadersRead, Ct);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(Ct));
        Assert.NotNull(await reader.ReadLineAsync(Ct));
        Assert.Equal(1, server.OpenWatchCount);

        Assert.Equal(1, server.Faults.DropWatches());
        await Assert.ThrowsAnyAsync<IOException>(async () => await reader.ReadLineAsync(Ct).AsTask().WaitAsync(TimeSpan.FromSeconds(30), Ct));
    }

    [Fact]
    public async Task Faults_FailAndRateLimit_AnswerStatusObjectsThenRecover()
    {
        await using KubeCluster cluster = await KubeCluster.StartAsync();
        KubernetesDevServer server = cluster.RequireServer();
        string path = $"/api/v1/namespaces/{cluster.Namespace}/secrets";
        server.Faults.FailNextRequests(1, 500, path);
        server.Faults.RateLimitNextRequests(1, TimeSpan.FromSeconds(2), path);

        var failed = await Assert.ThrowsAsync<HttpOperationException>(() => cluster.Client.CoreV1.ListNamespacedSecretAsync(cluster.Namespace, cancellationToken: Ct));
        Assert.Equal((HttpStatusCode.InternalServerError, "InternalError"), (failed.Response.StatusCode, (string?)JsonNode.Parse(failed.Response.Content)!["reason"]));

        using HttpResponseMessage limited = await cluster.Http.GetAsync(path.TrimStart('/'), Ct);
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(2), limited.Headers.RetryAfter!.Delta);

        Assert.NotNull(await cluster.Client.CoreV1.ListNamespacedSecretAsync(cluster.Namespace, cancellationToken: Ct));
        Assert.Equal([500, 429, 200], server.RequestLog.Where(e => e.Path == path).Select(e => e.StatusCode));
    }

    [Fact]
    public async Task Faults_Latency_DelaysMatchingRequestsOnly()
    {
        await using KubeCluster cluster = await KubeCluster.StartAsync();
        KubernetesDevServer server = cluster.RequireServer();
        server.Faults.SetLatency(TimeSpan.FromMilliseconds(300), "/api/v1/namespaces/" + cluster.Namespace + "/configmaps");

        var watch = Stopwatch.StartNew();
        await cluster.Client.CoreV1.ListNamespacedConfigMapAsync(cluster.Namespace, cancellationToken: Ct);
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(300), watch.Elapsed.ToString());
    }

    [Fact]
    public async Task RequestLog_RecordsMethodPathQueryAndStatusButNoToken()
    {
        await using KubeCluster cluster = await KubeCluster.StartAsync();
        KubernetesDevServer server = cluster.RequireServer();
        server.ClearRequestLog();
        await cluster.Client.CoreV1.ListNamespacedSecretAsync(cluster.Namespace, labelSelector: "a=b", cancellationToken: Ct);

        KubernetesRequestLogEntry entry = Assert.Single(server.RequestLog);
        Assert.Equal(("GET", $"/api/v1/namespaces/{cluster.Namespace}/secrets", "labelSelector=a%3Db&watch=false", 200), (entry.Method, entry.Path, entry.Query, entry.StatusCode));
        Assert.DoesNotContain(server.AdminToken, entry.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Delete_Owner_CascadesToDependentsOrOrphansThem()
    {
        await using KubeCluster cluster = await KubeCluster.StartAsync();
        cluster.RequireServer();
        k8s.Kubernetes client = cluster.Client;
        string ns = cluster.Namespace;
        foreach (string owner in new[] { "owner-a", "owner-b" })
        {
            V1ConfigMap created = await client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = owner } }, ns, cancellationToken: Ct);
            await client.CoreV1.CreateNamespacedSecretAsync(new V1Secret
            {
                Metadata = new V1ObjectMeta
                {
                    Name = owner + "-child",
                    OwnerReferences = [new V1OwnerReference { ApiVersion = "v1", Kind = "ConfigMap", Name = owner, Uid = created.Metadata.Uid }],
                },
            }, ns, cancellationToken: Ct);
        }

        await client.CoreV1.DeleteNamespacedConfigMapAsync("owner-a", ns, propagationPolicy: "Background", cancellationToken: Ct);
        await client.CoreV1.DeleteNamespacedConfigMapAsync("owner-b", ns, propagationPolicy: "Orphan", cancellationToken: Ct);

        V1SecretList left = await client.CoreV1.ListNamespacedSecretAsync(ns, cancellationToken: Ct);
        V1Secret orphan = Assert.Single(left.Items, s => s.Metadata.Name.StartsWith("owner", StringComparison.Ordinal));
        Assert.Equal("owner-b-child", orphan.Metadata.Name);
        Assert.Empty(orphan.Metadata.OwnerReferences ?? []);
    }

    [Fact]
    public async Task DeleteNamespace_WithFinalizedContent_StaysTerminatingUntilItIsGone()
    {
        await using KubeCluster cluster = await KubeCluster.StartAsync();
        cluster.RequireServer();
        k8s.Kubernetes client = cluster.Client;
        await client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = cluster.Namespace + "-x" } }, cancellationToken: Ct);
        string ns = cluster.Namespace + "-x";
        await client.CoreV1.CreateNamespacedSecretAsync(new V1Secret { Metadata = new V1ObjectMeta { Name = "kept", Finalizers = ["example.com/cleanup"] } }, ns, cancellationToken: Ct);
        await client.CoreV1.CreateNamespacedSecretAsync(new V1Secret { Metadata = new V1ObjectMeta { Name = "plain" } }, ns, cancellationToken: Ct);

        await client.CoreV1.DeleteNamespaceAsync(ns, cancellationToken: Ct);

        V1Namespace terminating = await client.CoreV1.ReadNamespaceAsync(ns, cancellationToken: Ct);
        Assert.Equal("Terminating", terminating.Status.Phase);
        Assert.NotNull(terminating.Metadata.DeletionTimestamp);
        Assert.Equal(["kept"], (await client.CoreV1.ListNamespacedSecretAsync(ns, cancellationToken: Ct)).Items.Select(s => s.Metadata.Name));
        var refused = await Assert.ThrowsAsync<HttpOperationException>(() =>
            client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "late" } }, ns, cancellationToken: Ct));
        Assert.Equal(HttpStatusCode.Forbidden, refused.Response.StatusCode);

        await client.CoreV1.PatchNamespacedSecretAsync(new V1Patch("""{"metadata":{"finalizers":null}}""", V1Patch.PatchType.MergePatch), "kept", ns, cancellationToken: Ct);
        var gone = await Assert.ThrowsAsync<HttpOperationException>(() => client.CoreV1.ReadNamespaceAsync(ns, cancellationToken: Ct));
        Assert.Equal(HttpStatusCode.NotFound, gone.Response.StatusCode);
    }

    [Fact]
    public async Task CreatePod_AddsTheServiceAccountTokenVolumeBeforeAdmission()
    {
        await using KubeCluster cluster = await KubeCluster.StartAsync();
        cluster.RequireServer();
        var pod = Pod("web");

        V1Pod created = await cluster.Client.CoreV1.CreateNamespacedPodAsync(pod, cluster.Namespace, cancellationToken: Ct);

        Assert.Equal("default", created.Spec.ServiceAccountName);
        Assert.Equal("Pending", created.Status.Phase);
        V1Volume volume = Assert.Single(created.Spec.Volumes);
        Assert.StartsWith("kube-api-access-", volume.Name, StringComparison.Ordinal);
        Assert.Equal(3607, volume.Projected.Sources[0].ServiceAccountToken.ExpirationSeconds);
        V1VolumeMount mount = Assert.Single(created.Spec.Containers[0].VolumeMounts);
        Assert.Equal((volume.Name, "/var/run/secrets/kubernetes.io/serviceaccount", true), (mount.Name, mount.MountPath, mount.ReadOnlyProperty));

        // The ConfigMap that volume projects ca.crt from is published in every namespace, with the server's CA.
        V1ConfigMap rootCa = await cluster.Client.CoreV1.ReadNamespacedConfigMapAsync("kube-root-ca.crt", cluster.Namespace, cancellationToken: Ct);
        Assert.Equal(cluster.Server!.CaCertificatePem, rootCa.Data["ca.crt"]);

        pod.Metadata.Name = "orphan";
        pod.Spec.ServiceAccountName = "missing";
        var forbidden = await Assert.ThrowsAsync<HttpOperationException>(() => cluster.Client.CoreV1.CreateNamespacedPodAsync(pod, cluster.Namespace, cancellationToken: Ct));
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.Response.StatusCode);
    }

    [Fact]
    public async Task CreatePod_MatchingWebhookNotCalledYet_FailsUnlessItsPolicyIsIgnore()
    {
        await using KubeCluster cluster = await KubeCluster.StartAsync();
        KubernetesDevServer server = cluster.RequireServer();
        JsonObject configuration = server.CreateObject((JsonObject)JsonNode.Parse("""
            {"apiVersion":"admissionregistration.k8s.io/v1","kind":"MutatingWebhookConfiguration","metadata":{"name":"vault-agent-injector-cfg"},
             "webhooks":[{"name":"vault.hashicorp.com","failurePolicy":"Fail","sideEffects":"None","admissionReviewVersions":["v1"],
               "clientConfig":{"url":"https://127.0.0.1:8080/mutate"},
               "rules":[{"operations":["CREATE"],"apiGroups":[""],"apiVersions":["v1"],"resources":["pods"]}]}]}
            """)!);
        var pod = Pod("web");

        var failed = await Assert.ThrowsAsync<HttpOperationException>(() => cluster.Client.CoreV1.CreateNamespacedPodAsync(pod, cluster.Namespace, cancellationToken: Ct));
        Assert.Equal(HttpStatusCode.InternalServerError, failed.Response.StatusCode);
        Assert.Contains("failed calling webhook \"vault.hashicorp.com\"", (string?)JsonNode.Parse(failed.Response.Content)!["message"], StringComparison.Ordinal);

        configuration["webhooks"]![0]!["failurePolicy"] = "Ignore";
        server.UpdateObject(configuration);
        Assert.Equal("Pending", (await cluster.Client.CoreV1.CreateNamespacedPodAsync(pod, cluster.Namespace, cancellationToken: Ct)).Status.Phase);
    }

    [Fact]
    public async Task TokenRequest_BoundToPod_StopsReviewingWhenThePodGoes()
    {
        await using KubeCluster cluster = await KubeCluster.StartAsync();
        cluster.RequireServer();
        string ns = cluster.Namespace;
        V1Pod pod = await cluster.Client.CoreV1.CreateNamespacedPodAsync(
            Pod("web"), ns, cancellationToken: Ct);

        var tooShort = await Assert.ThrowsAsync<HttpOperationException>(() => cluster.Client.CoreV1.CreateNamespacedServiceAccountTokenAsync(
            new Authenticationv1TokenRequest { Spec = new V1TokenRequestSpec { ExpirationSeconds = 60 } }, "default", ns, cancellationToken: Ct));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, tooShort.Response.StatusCode);
        Assert.Contains("may not specify a duration less than 10 minutes", (string?)JsonNode.Parse(tooShort.Response.Content)!["message"], StringComparison.Ordinal);

        Authenticationv1TokenRequest issued = await cluster.Client.CoreV1.CreateNamespacedServiceAccountTokenAsync(new Authenticationv1TokenRequest
        {
            Spec = new V1TokenRequestSpec { Audiences = ["vault"], BoundObjectRef = new V1BoundObjectReference { Kind = "Pod", ApiVersion = "v1", Name = "web", Uid = pod.Metadata.Uid } },
        }, "default", ns, cancellationToken: Ct);
        V1TokenReview before = await Review(cluster, issued.Status.Token);
        Assert.True(before.Status.Authenticated);
        Assert.Equal(["web"], before.Status.User.Extra["authentication.kubernetes.io/pod-name"]);

        await cluster.Client.CoreV1.DeleteNamespacedPodAsync("web", ns, cancellationToken: Ct);
        V1TokenReview after = await Review(cluster, issued.Status.Token);
        Assert.NotEqual(true, after.Status.Authenticated);
        Assert.Contains("pod", after.Status.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeleteCrd_StopsServingItsResourcesAndRemovesThem()
    {
        await using KubeCluster cluster = await KubeCluster.StartAsync();
        KubernetesDevServer server = cluster.RequireServer();
        server.CreateObject(Manifests.VaultStaticSecretCrdJson());
        JsonNode? groups = (await cluster.SendAsync(HttpMethod.Get, "apis")).Body;
        Assert.Contains("secrets.hashicorp.com/v1beta1", groups!["groups"]!.AsArray().SelectMany(g => g!["versions"]!.AsArray()).Select(v => (string?)v!["groupVersion"]));
        JsonNode? resources = (await cluster.SendAsync(HttpMethod.Get, "apis/secrets.hashicorp.com/v1beta1")).Body;
        Assert.Equal(["vaultstaticsecrets", "vaultstaticsecrets/status"], resources!["resources"]!.AsArray().Select(r => (string?)r!["name"]));

        server.CreateObject(new JsonObject
        {
            ["apiVersion"] = "secrets.hashicorp.com/v1beta1",
            ["kind"] = "VaultStaticSecret",
            ["metadata"] = new JsonObject { ["name"] = "x", ["namespace"] = cluster.Namespace },
            ["spec"] = new JsonObject { ["type"] = "kv-v2", ["mount"] = "m", ["path"] = "p", ["destination"] = new JsonObject { ["name"] = "d" } },
        });
        using HttpResponseMessage watch = await cluster.Http.GetAsync($"apis/secrets.hashicorp.com/v1beta1/namespaces/{cluster.Namespace}/vaultstaticsecrets?watch=true&resourceVersion={server.ResourceVersion}", HttpCompletionOption.ResponseHeadersRead, Ct);
        using var events = new StreamReader(await watch.Content.ReadAsStreamAsync(Ct));
        Assert.True(server.DeleteObject("apiextensions.k8s.io/v1", "customresourcedefinitions", null, Manifests.CrdName));
        JsonNode deleted = JsonNode.Parse((await events.ReadLineAsync(Ct))!)!;
        Assert.Equal(("DELETED", "x"), ((string?)deleted["type"], (string?)deleted["object"]!["metadata"]!["name"]));
        Assert.Null(await events.ReadLineAsync(Ct).AsTask().WaitAsync(TimeSpan.FromSeconds(30), Ct));

        (int status, JsonNode? _) = await cluster.SendAsync(HttpMethod.Get, $"apis/secrets.hashicorp.com/v1beta1/namespaces/{cluster.Namespace}/vaultstaticsecrets");
        Assert.Equal(404, status);
        Assert.Throws<ArgumentException>(() => server.ListObjects("secrets.hashicorp.com/v1beta1", "vaultstaticsecrets"));
    }

    [Fact]
    public async Task Discovery_CoreGroup_ListsTheTokenSubresourceAsKubectlExpects()
    {
        await using KubeCluster cluster = await KubeCluster.StartAsync();
        cluster.RequireServer();
        JsonNode core = (await cluster.SendAsync(HttpMethod.Get, "api/v1")).Body!;
        JsonNode token = core["resources"]!.AsArray().Single(r => (string?)r!["name"] == "serviceaccounts/token")!;
        Assert.Equal(("authentication.k8s.io", "v1", "TokenRequest"), ((string?)token["group"], (string?)token["version"], (string?)token["kind"]));
        // Asked as kubectl asks, the roots answer in the aggregated form, subresources included.
        using var request = new HttpRequestMessage(HttpMethod.Get, "api");
        request.Headers.TryAddWithoutValidation("Accept", "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json");
        using HttpResponseMessage aggregated = await cluster.Http.SendAsync(request, Ct);
        System.Net.Http.Headers.MediaTypeHeaderValue type = aggregated.Content.Headers.ContentType!;
        Assert.Equal("application/json", type.MediaType);
        Assert.Equal(["as=APIGroupDiscoveryList", "g=apidiscovery.k8s.io", "v=v2"], type.Parameters.Select(p => p.Name + "=" + p.Value).Order(StringComparer.Ordinal));
        JsonNode coreGroup = JsonNode.Parse(await aggregated.Content.ReadAsStringAsync(Ct))!["items"]![0]!;
        JsonNode accounts = coreGroup["versions"]![0]!["resources"]!.AsArray().Single(r => (string?)r!["resource"] == "serviceaccounts")!;
        Assert.Equal("TokenRequest", (string?)accounts["subresources"]![0]!["responseKind"]!["kind"]);

        JsonNode version = (await cluster.SendAsync(HttpMethod.Get, "version")).Body!;
        Assert.Equal(("1", "32", "v1.32.4"), ((string?)version["major"], (string?)version["minor"], (string?)version["gitVersion"]));
    }

    [Fact]
    public async Task Update_WithoutStatusSubresource_StatusEditsBumpGeneration()
    {
        await using KubeCluster cluster = await KubeCluster.StartAsync();
        KubernetesDevServer server = cluster.RequireServer();
        JsonObject webhook = server.CreateObject((JsonObject)JsonNode.Parse("""
            {"apiVersion":"admissionregistration.k8s.io/v1","kind":"MutatingWebhookConfiguration","metadata":{"name":"vault-injector"},
             "webhooks":[{"name":"vault.hashicorp.com","sideEffects":"None","admissionReviewVersions":["v1"],"clientConfig":{"url":"https://127.0.0.1:8080/mutate"}}]}
            """)!);
        Assert.Equal(1, (long)webhook["metadata"]!["generation"]!);

        webhook["webhooks"]![0]!["timeoutSeconds"] = 30;
        JsonObject changed = server.UpdateObject(webhook);
        Assert.Equal(2, (long)changed["metadata"]!["generation"]!);

        // A metadata-only change keeps the generation; an unchanged write keeps even the resourceVersion.
        changed["metadata"]!["labels"] = new JsonObject { ["a"] = "b" };
        JsonObject labelled = server.UpdateObject(changed);
        Assert.Equal(2, (long)labelled["metadata"]!["generation"]!);
        Assert.Equal((string?)labelled["metadata"]!["resourceVersion"], (string?)server.UpdateObject(labelled)["metadata"]!["resourceVersion"]);
    }

    [Fact]
    public async Task TokenReview_ExpiryFollowsTheServerClock()
    {
        FakeTimeProvider clock = Clocks.Fake();
        await using KubeCluster cluster = await KubeCluster.StartAsync(new KubernetesDevServerOptions { TimeProvider = clock });
        KubernetesDevServer server = cluster.RequireServer();
        string token = server.CreateToken(cluster.Namespace, "default", ["vault"], TimeSpan.FromMinutes(10));
        Assert.True((await Review(cluster, token)).Status.Authenticated);

        clock.Advance(TimeSpan.FromMinutes(10));
        V1TokenReview expired = await Review(cluster, token);
        Assert.NotEqual(true, expired.Status.Authenticated);
        Assert.Contains("expired", expired.Status.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PlainHttp_KubernetesClientWorksAndADroppedConnectionFailsOneCall()
    {
        await using KubeCluster cluster = await KubeCluster.StartAsync(new KubernetesDevServerOptions { UseTls = false });
        KubernetesDevServer server = cluster.RequireServer();
        Assert.Equal("http", server.Address.Scheme);
        Assert.Null(server.CaCertificatePem);

        server.Faults.DropNextConnections(1, "/api/v1/namespaces/" + cluster.Namespace + "/secrets");
        await Assert.ThrowsAsync<HttpRequestException>(() => cluster.Client.CoreV1.ListNamespacedSecretAsync(cluster.Namespace, cancellationToken: Ct));
        Assert.NotNull(await cluster.Client.CoreV1.ListNamespacedSecretAsync(cluster.Namespace, cancellationToken: Ct));
        Assert.Equal([0, 200], server.RequestLog.Where(e => e.Path.EndsWith("/secrets", StringComparison.Ordinal)).Select(e => e.StatusCode));
    }

    private static V1Pod Pod(string name) =>
        new() { Metadata = new V1ObjectMeta { Name = name }, Spec = new V1PodSpec { Containers = [new V1Container { Name = "app", Image = "app" }] } };

    private static Task<V1TokenReview> Review(KubeCluster cluster, string token) =>
        cluster.Client.AuthenticationV1.CreateTokenReviewAsync(new V1TokenReview { Spec = new V1TokenReviewSpec { Token = token, Audiences = ["vault"] } }, cancellationToken: Ct);
}
