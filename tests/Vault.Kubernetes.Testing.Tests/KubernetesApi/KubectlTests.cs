// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Buffers.Text;
using System.Diagnostics;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;

namespace Vault.Kubernetes.Testing.Tests.KubernetesApi;

/// <summary>
/// The real kubectl binary against the server (or KUBECONFIG's cluster): every test asserts on the stored objects,
/// read back with KubernetesClient, not on exit codes alone.
/// </summary>
public sealed class KubectlTests : IAsyncLifetime
{
    private KubeCluster _cluster = null!;
    private Kubectl _kubectl = null!;

    public async ValueTask InitializeAsync()
    {
        Kubectl.RequireInstalled();
        _cluster = await KubeCluster.StartAsync();
        _kubectl = new Kubectl(_cluster);
    }

    public async ValueTask DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }

    [Fact]
    public async Task Apply_CrdThenCustomResource_ServesItWithSchemaDefaults()
    {
        await ApplyCrdAsync();
        await _kubectl.RunOkAsync("apply -f -", Manifests.VaultStaticSecret("web", "60s"));

        string json = await _kubectl.RunOkAsync("get vaultstaticsecret web -o json");
        JsonNode fromKubectl = JsonNode.Parse(json)!;
        JsonObject stored = await GetCustomAsync("web");
        Assert.Equal((string?)stored["metadata"]!["uid"], (string?)fromKubectl["metadata"]!["uid"]);
        Assert.Equal(1, (long)stored["metadata"]!["generation"]!);
        Assert.True((bool)stored["spec"]!["hmacSecretData"]!);
        Assert.True((bool)stored["spec"]!["destination"]!["create"]!);
        Assert.Contains("kubectl.kubernetes.io/last-applied-configuration", ((JsonObject)stored["metadata"]!["annotations"]!).Select(p => p.Key));
    }

    [Fact]
    public async Task Apply_CustomResourceWithUndeclaredField_IsRefusedUnderStrictValidation()
    {
        await ApplyCrdAsync();
        (int exitCode, _, string stderr) = await _kubectl.RunAsync("apply -f -", Manifests.VaultStaticSecret("web", "60s") + "\n  colour: blue\n");

        Assert.NotEqual(0, exitCode);
        Assert.Contains("unknown field \"spec.colour\"", stderr, StringComparison.Ordinal);
        Assert.Empty(((JsonArray)JsonNode.Parse(await _kubectl.RunOkAsync("get vaultstaticsecrets -o json"))!["items"]!));

        // Without strict validation the field is pruned, as the API server prunes structural custom resources.
        await _kubectl.RunOkAsync("apply --validate=false -f -", Manifests.VaultStaticSecret("web", "60s") + "\n  colour: blue\n");
        JsonObject stored = await GetCustomAsync("web");
        Assert.Null(stored["spec"]!["colour"]);
        Assert.Equal("60s", (string?)stored["spec"]!["refreshAfter"]);
    }

    [Fact]
    public async Task Apply_ChangedCustomResource_ClientSideThenServerSideBumpGeneration()
    {
        await ApplyCrdAsync();
        await _kubectl.RunOkAsync("apply -f -", Manifests.VaultStaticSecret("web", "60s"));

        Assert.Contains("configured", await _kubectl.RunOkAsync("apply -f -", Manifests.VaultStaticSecret("web", "30s")));
        JsonObject afterClientSide = await GetCustomAsync("web");
        Assert.Equal("30s", (string?)afterClientSide["spec"]!["refreshAfter"]);
        Assert.Equal(2, (long)afterClientSide["metadata"]!["generation"]!);

        Assert.Contains("serverside-applied", await _kubectl.RunOkAsync("apply --server-side -f -", Manifests.VaultStaticSecret("web", "45s")));
        JsonObject afterServerSide = await GetCustomAsync("web");
        Assert.Equal("45s", (string?)afterServerSide["spec"]!["refreshAfter"]);
        Assert.Equal(3, (long)afterServerSide["metadata"]!["generation"]!);
        var managers = ((JsonArray)afterServerSide["metadata"]!["managedFields"]!).Select(m => ((string?)m!["manager"], (string?)m["operation"])).ToList();
        Assert.Contains(("kubectl", "Apply"), managers);
    }

    [Fact]
    public async Task RolloutRestart_Deployment_AnnotatesTemplateAndBumpsGeneration()
    {
        await _kubectl.RunOkAsync("apply -f -", Manifests.Deployment("web", "a"));
        Assert.Contains("restarted", await _kubectl.RunOkAsync("rollout restart deployment web"));

        V1Deployment restarted = await _cluster.Client.AppsV1.ReadNamespacedDeploymentAsync("web", _cluster.Namespace, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(2, restarted.Metadata.Generation);
        string restartedAt = restarted.Spec.Template.Metadata.Annotations["kubectl.kubernetes.io/restartedAt"];
        Assert.True(DateTimeOffset.TryParse(restartedAt, out _), restartedAt);

        // A client-side re-apply is a strategic merge: the env list merges by name and the restart annotation survives.
        await _kubectl.RunOkAsync("apply -f -", Manifests.Deployment("web", "b"));
        V1Deployment reapplied = await _cluster.Client.AppsV1.ReadNamespacedDeploymentAsync("web", _cluster.Namespace, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(3, reapplied.Metadata.Generation);
        Assert.Equal(["MODE=b", "KEEP=yes"], reapplied.Spec.Template.Spec.Containers.Single().Env.Select(e => e.Name + "=" + e.Value));
        Assert.Equal(restartedAt, reapplied.Spec.Template.Metadata.Annotations["kubectl.kubernetes.io/restartedAt"]);
    }

    [Fact]
    public async Task Scale_Deployment_GoesThroughTheScaleSubresource()
    {
        await _kubectl.RunOkAsync("apply -f -", Manifests.Deployment("web", "a"));
        Assert.Contains("scaled", await _kubectl.RunOkAsync("scale deployment web --replicas=3"));

        V1Deployment scaled = await _cluster.Client.AppsV1.ReadNamespacedDeploymentAsync("web", _cluster.Namespace, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal((3, 2L), (scaled.Spec.Replicas, scaled.Metadata.Generation));
        V1Scale scale = await _cluster.Client.AppsV1.ReadNamespacedDeploymentScaleAsync("web", _cluster.Namespace, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal((3, "app=web"), (scale.Spec.Replicas, scale.Status.Selector));
    }

    [Fact]
    public async Task CreateToken_WithAudience_MintsTokenThatTokenReviewAuthenticates()
    {
        await _kubectl.RunOkAsync("create serviceaccount app");
        string token = (await _kubectl.RunOkAsync("create token app --audience vault --duration 15m")).Trim();

        JsonNode claims = JsonNode.Parse(Base64Url.DecodeFromChars(token.Split('.')[1]))!;
        Assert.Equal(["vault"], ((JsonArray)claims["aud"]!).Select(a => (string?)a));
        Assert.Equal(900, (long)claims["exp"]! - (long)claims["iat"]!);
        V1ServiceAccount account = await _cluster.Client.CoreV1.ReadNamespacedServiceAccountAsync("app", _cluster.Namespace, cancellationToken: TestContext.Current.CancellationToken);

        V1TokenReview review = await _cluster.Client.AuthenticationV1.CreateTokenReviewAsync(
            new V1TokenReview { Spec = new V1TokenReviewSpec { Token = token, Audiences = ["vault"] } }, cancellationToken: TestContext.Current.CancellationToken);
        Assert.True(review.Status.Authenticated);
        Assert.Equal($"system:serviceaccount:{_cluster.Namespace}:app", review.Status.User.Username);
        Assert.Equal(account.Metadata.Uid, review.Status.User.Uid);
    }

    [Fact]
    public async Task Delete_WithFinalizer_WaitsUntilTheFinalizerIsRemoved()
    {
        await _kubectl.RunOkAsync("apply -f -", """
            apiVersion: v1
            kind: Secret
            metadata: {name: guarded, finalizers: [example.com/keep]}
            stringData: {a: b}
            """);
        using var watch = new WatchedObject<V1Secret>(ct =>
            _cluster.Client.CoreV1.WatchListNamespacedSecretAsync(_cluster.Namespace, fieldSelector: "metadata.name=guarded", cancellationToken: ct));

        using Process delete = _kubectl.Start("delete secret guarded");
        V1Secret marked = await watch.NextAsync(s => s.Metadata.DeletionTimestamp is not null);
        Assert.False(delete.HasExited);
        Assert.Equal("Yg==", Convert.ToBase64String(marked.Data["a"]));

        await _cluster.Client.CoreV1.PatchNamespacedSecretAsync(
            new V1Patch("""{"metadata":{"finalizers":null}}""", V1Patch.PatchType.MergePatch), "guarded", _cluster.Namespace, cancellationToken: TestContext.Current.CancellationToken);
        await WaitForExitAsync(delete);
        Assert.Equal(0, delete.ExitCode);
        var notFound = await Assert.ThrowsAsync<k8s.Autorest.HttpOperationException>(() =>
            _cluster.Client.CoreV1.ReadNamespacedSecretAsync("guarded", _cluster.Namespace, cancellationToken: TestContext.Current.CancellationToken));
        Assert.Equal(System.Net.HttpStatusCode.NotFound, notFound.Response.StatusCode);
    }

    [Fact]
    public async Task Wait_ForCondition_ReturnsOnceStatusReportsItForTheCurrentGeneration()
    {
        await ApplyCrdAsync();
        await _kubectl.RunOkAsync("apply -f -", Manifests.VaultStaticSecret("web", "60s"));
        using Process wait = _kubectl.Start("wait --for=condition=Ready vaultstaticsecret/web --timeout=30s");

        // A condition for an older generation does not count; then the current one does.
        await SetReadyAsync(observedGeneration: 0);
        await SetReadyAsync(observedGeneration: 1);
        await WaitForExitAsync(wait);
        Assert.Equal(0, wait.ExitCode);
        Assert.Contains("condition met", await wait.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken));
        JsonObject stored = await GetCustomAsync("web");
        Assert.Equal(1, (long)stored["metadata"]!["generation"]!);
    }

    [Fact]
    public async Task GetWatch_CustomResource_PrintsTheUpdate()
    {
        await ApplyCrdAsync();
        await _kubectl.RunOkAsync("apply -f -", Manifests.VaultStaticSecret("web", "60s"));
        using Process watch = _kubectl.Start("get vaultstaticsecret web --watch -o jsonpath={.spec.refreshAfter}{\"\\n\"}");
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(30));
            Assert.Equal("60s", await watch.StandardOutput.ReadLineAsync(timeout.Token));

            await _cluster.Client.CustomObjects.PatchNamespacedCustomObjectAsync(
                new V1Patch("""{"spec":{"refreshAfter":"99s"}}""", V1Patch.PatchType.MergePatch),
                "secrets.hashicorp.com", "v1beta1", _cluster.Namespace, "vaultstaticsecrets", "web", cancellationToken: TestContext.Current.CancellationToken);
            string? line;
            do
            {
                line = await watch.StandardOutput.ReadLineAsync(timeout.Token);
            }
            while (line is not null && line != "99s");

            Assert.Equal("99s", line);
        }
        finally
        {
            watch.Kill(entireProcessTree: true);
        }
    }

    [Fact]
    public async Task TypedCreateCommands_SendProtobuf_AndAreStoredAsJson()
    {
        await _kubectl.RunOkAsync("create secret generic db --from-literal=password=p@ss --type=Opaque");
        await _kubectl.RunOkAsync("create configmap settings --from-literal=mode=fast");
        await _kubectl.RunOkAsync("create serviceaccount worker");

        V1Secret secret = await _cluster.Client.CoreV1.ReadNamespacedSecretAsync("db", _cluster.Namespace, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(("p@ss", "Opaque"), (System.Text.Encoding.UTF8.GetString(secret.Data["password"]), secret.Type));
        V1ConfigMap settings = await _cluster.Client.CoreV1.ReadNamespacedConfigMapAsync("settings", _cluster.Namespace, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal("fast", settings.Data["mode"]);
        Assert.NotNull(await _cluster.Client.CoreV1.ReadNamespacedServiceAccountAsync("worker", _cluster.Namespace, cancellationToken: TestContext.Current.CancellationToken));

        if (_cluster.Server is not null)
        {
            // Kinds whose protobuf form this server does not decode say so (use apply -f instead).
            (int exitCode, _, string stderr) = await _kubectl.RunAsync("create deployment web --image=nginx");
            Assert.NotEqual(0, exitCode);
            Assert.Contains("send JSON", stderr, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task GetEvents_ForObject_UsesInvolvedObjectFieldSelectors()
    {
        foreach ((string name, string target) in new[] { ("e1", "web"), ("e2", "db") })
        {
            await _cluster.Client.CoreV1.CreateNamespacedEventAsync(new Corev1Event
            {
                Metadata = new V1ObjectMeta { Name = name },
                InvolvedObject = new V1ObjectReference { Kind = "Deployment", ApiVersion = "apps/v1", Name = target, NamespaceProperty = _cluster.Namespace },
                Reason = "SecretSynced",
                Message = "synced " + target,
                Type = "Normal",
            }, _cluster.Namespace, cancellationToken: TestContext.Current.CancellationToken);
        }

        JsonNode list = JsonNode.Parse(await _kubectl.RunOkAsync("get events --field-selector involvedObject.name=web,reason=SecretSynced -o json"))!;
        Assert.Equal(["synced web"], list["items"]!.AsArray().Select(e => (string?)e!["message"]));
    }

    private static async Task WaitForExitAsync(Process process)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(timeout.Token);
    }

    private async Task ApplyCrdAsync()
    {
        await _kubectl.RunOkAsync("apply -f -", Manifests.VaultStaticSecretCrd);
        Assert.Contains("condition met", await _kubectl.RunOkAsync($"wait --for=condition=Established crd/{Manifests.CrdName} --timeout=30s"));
    }

    private async Task<JsonObject> GetCustomAsync(string name)
    {
        object obj = await _cluster.Client.CustomObjects.GetNamespacedCustomObjectAsync(
            "secrets.hashicorp.com", "v1beta1", _cluster.Namespace, "vaultstaticsecrets", name, cancellationToken: TestContext.Current.CancellationToken);
        return (JsonObject)JsonNode.Parse(KubernetesJson.Serialize(obj))!;
    }

    private async Task SetReadyAsync(long observedGeneration)
    {
        string patch = $$$"""{"status":{"conditions":[{"type":"Ready","status":"True","observedGeneration":{{{observedGeneration}}}}]}}""";
        await _cluster.Client.CustomObjects.PatchNamespacedCustomObjectStatusAsync(
            new V1Patch(patch, V1Patch.PatchType.MergePatch), "secrets.hashicorp.com", "v1beta1", _cluster.Namespace, "vaultstaticsecrets", "web",
            cancellationToken: TestContext.Current.CancellationToken);
    }
}
