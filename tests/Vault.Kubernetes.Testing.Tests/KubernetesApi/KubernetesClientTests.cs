// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Net;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.LeaderElection;
using k8s.LeaderElection.ResourceLock;
using k8s.Models;

namespace Vault.Kubernetes.Testing.Tests.KubernetesApi;

/// <summary>
/// Conformance tests through KubernetesClient 21: they run against KubernetesDevServer, or against the real cluster
/// KUBECONFIG names (each in its own namespace), so the server is held to what a real API server does.
/// </summary>
public sealed class KubernetesClientTests : IAsyncLifetime
{
    private KubeCluster _cluster = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private k8s.Kubernetes Client => _cluster.Client;

    private string Ns => _cluster.Namespace;

    public async ValueTask InitializeAsync() => _cluster = await KubeCluster.StartAsync();

    public async ValueTask DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task ListThenWatch_FromListResourceVersion_SeesOnlyLaterChangesInOrder()
    {
        await Client.CoreV1.CreateNamespacedSecretAsync(Secret("a"), Ns, cancellationToken: Ct);
        V1SecretList list = await Client.CoreV1.ListNamespacedSecretAsync(Ns, cancellationToken: Ct);
        Assert.Equal(["a"], list.Items.Where(s => s.Metadata.Name.Length == 1).Select(s => s.Metadata.Name));

        await Client.CoreV1.CreateNamespacedSecretAsync(Secret("b"), Ns, cancellationToken: Ct);
        await Client.CoreV1.PatchNamespacedSecretAsync(new V1Patch("""{"metadata":{"labels":{"x":"1"}}}""", V1Patch.PatchType.MergePatch), "a", Ns, cancellationToken: Ct);
        await Client.CoreV1.DeleteNamespacedSecretAsync("b", Ns, cancellationToken: Ct);

        var seen = new List<string>();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        await foreach ((WatchEventType type, V1Secret secret) in Client.CoreV1.WatchListNamespacedSecretAsync(Ns, resourceVersion: list.Metadata.ResourceVersion, labelSelector: "test", cancellationToken: timeout.Token))
        {
            seen.Add($"{type} {secret.Metadata.Name}");
            if (seen.Count == 3)
            {
                break;
            }
        }

        Assert.Equal(["Added b", "Modified a", "Deleted b"], seen);
    }

    [Fact]
    public async Task Watch_ResourceVersionOlderThanHistory_Gets410ExpiredThenRelistRecovers()
    {
        await using KubeCluster small = await KubeCluster.StartAsync(new KubernetesDevServerOptions { WatchHistoryLimit = 3 });
        small.RequireServer();
        k8s.Kubernetes client = small.Client;
        V1SecretList initial = await client.CoreV1.ListNamespacedSecretAsync(small.Namespace, cancellationToken: Ct);
        for (int i = 0; i < 5; i++)
        {
            await client.CoreV1.CreateNamespacedSecretAsync(Secret("s" + i), small.Namespace, cancellationToken: Ct);
        }

        Exception? error = null;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        await foreach ((WatchEventType _, V1Secret _) in client.CoreV1.WatchListNamespacedSecretAsync(small.Namespace, resourceVersion: initial.Metadata.ResourceVersion, onError: e => error = e, cancellationToken: timeout.Token))
        {
            Assert.Fail("no event may be delivered from an expired resourceVersion");
        }

        var expired = Assert.IsType<KubernetesException>(error);
        Assert.Equal(410, expired.Status.Code);
        Assert.Equal("Expired", expired.Status.Reason);

        // What a reflector does: relist, then watch from the new list's resourceVersion.
        V1SecretList relisted = await client.CoreV1.ListNamespacedSecretAsync(small.Namespace, labelSelector: "test", cancellationToken: timeout.Token);
        Assert.Equal(5, relisted.Items.Count);
        await client.CoreV1.CreateNamespacedSecretAsync(Secret("after"), small.Namespace, cancellationToken: Ct);
        await foreach ((WatchEventType type, V1Secret secret) in client.CoreV1.WatchListNamespacedSecretAsync(small.Namespace, resourceVersion: relisted.Metadata.ResourceVersion, cancellationToken: timeout.Token))
        {
            Assert.Equal((WatchEventType.Added, "after"), (type, secret.Metadata.Name));
            break;
        }
    }

    [Fact]
    public async Task Watch_LabelSelector_EnteringIsAddedAndLeavingIsDeleted()
    {
        V1SecretList list = await Client.CoreV1.ListNamespacedSecretAsync(Ns, labelSelector: "watched=yes", cancellationToken: Ct);
        await Client.CoreV1.CreateNamespacedSecretAsync(Secret("mover"), Ns, cancellationToken: Ct);
        await Client.CoreV1.PatchNamespacedSecretAsync(new V1Patch("""{"metadata":{"labels":{"watched":"yes"}}}""", V1Patch.PatchType.MergePatch), "mover", Ns, cancellationToken: Ct);
        await Client.CoreV1.PatchNamespacedSecretAsync(new V1Patch("""{"data":{"k":"dzI="}}""", V1Patch.PatchType.MergePatch), "mover", Ns, cancellationToken: Ct);
        await Client.CoreV1.PatchNamespacedSecretAsync(new V1Patch("""{"metadata":{"labels":{"watched":null}}}""", V1Patch.PatchType.MergePatch), "mover", Ns, cancellationToken: Ct);

        var seen = new List<string>();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        await foreach ((WatchEventType type, V1Secret secret) in Client.CoreV1.WatchListNamespacedSecretAsync(Ns, labelSelector: "watched=yes", resourceVersion: list.Metadata.ResourceVersion, cancellationToken: timeout.Token))
        {
            seen.Add($"{type} {secret.Metadata.Labels?.ContainsKey("watched") == true}");
            if (seen.Count == 3)
            {
                break;
            }
        }

        Assert.Equal(["Added True", "Modified True", "Deleted False"], seen);
    }

    [Fact]
    public async Task Patch_AllFourMediaTypes_ApplyAsTheApiServerDoes()
    {
        V1Deployment created = await Client.AppsV1.CreateNamespacedDeploymentAsync(KubernetesJson.Deserialize<V1Deployment>(DeploymentJson), Ns, cancellationToken: Ct);
        Assert.Equal(1, created.Metadata.Generation);

        // Strategic merge: containers merge by name, env by name.
        V1Deployment strategic = await Client.AppsV1.PatchNamespacedDeploymentAsync(
            new V1Patch("""{"spec":{"template":{"spec":{"containers":[{"name":"web","env":[{"name":"B","value":"2"}]}]}}}}""", V1Patch.PatchType.StrategicMergePatch), "web", Ns, cancellationToken: Ct);
        V1Container container = Assert.Single(strategic.Spec.Template.Spec.Containers);
        Assert.Equal("nginx", container.Image);
        Assert.Equal(["A", "B"], container.Env.Select(e => e.Name));
        Assert.Equal(2, strategic.Metadata.Generation);

        V1Deployment json = await Client.AppsV1.PatchNamespacedDeploymentAsync(
            new V1Patch("""[{"op":"add","path":"/metadata/labels","value":{"tier":"web"}},{"op":"replace","path":"/spec/replicas","value":3}]""", V1Patch.PatchType.JsonPatch), "web", Ns, cancellationToken: Ct);
        Assert.Equal("web", json.Metadata.Labels["tier"]);
        Assert.Equal(3, json.Spec.Replicas);

        V1Deployment merge = await Client.AppsV1.PatchNamespacedDeploymentAsync(
            new V1Patch("""{"metadata":{"labels":{"tier":null,"team":"a"}}}""", V1Patch.PatchType.MergePatch), "web", Ns, cancellationToken: Ct);
        Assert.Equal(["team"], merge.Metadata.Labels.Keys);
        Assert.Equal(3, merge.Metadata.Generation);

        // Server-side apply creates a missing object and records its field manager.
        V1ConfigMap applied = await Client.CoreV1.PatchNamespacedConfigMapAsync(
            new V1Patch("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"settings"},"data":{"k":"v"}}""", V1Patch.PatchType.ApplyPatch), "settings", Ns, fieldManager: "my-operator", cancellationToken: Ct);
        Assert.Equal("v", applied.Data["k"]);
        Assert.Contains(applied.Metadata.ManagedFields, m => m.Manager == "my-operator" && m.Operation == "Apply");
    }

    [Fact]
    public async Task ServerSideApply_FieldOwnership_ConflictsForceAndRemovesDroppedFields()
    {
        Task<V1ConfigMap> ApplyAsync(string manager, string body, bool? force = null) => Client.CoreV1.PatchNamespacedConfigMapAsync(
            new V1Patch("{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"owned\"" + body, V1Patch.PatchType.ApplyPatch),
            "owned", Ns, fieldManager: manager, force: force, cancellationToken: Ct);

        await ApplyAsync("a", ""","labels":{"team":"a"}},"data":{"a":"1","shared":"x"}}""");

        var conflict = await Assert.ThrowsAsync<HttpOperationException>(() => ApplyAsync("b", """},"data":{"shared":"y"}}"""));
        Assert.Equal(HttpStatusCode.Conflict, conflict.Response.StatusCode);
        JsonNode cause = JsonNode.Parse(conflict.Response.Content)!["details"]!["causes"]![0]!;
        Assert.Equal(("FieldManagerConflict", ".data.shared"), ((string?)cause["reason"], (string?)cause["field"]));
        Assert.Contains("conflict with \"a\"", (string?)cause["message"], StringComparison.Ordinal);

        // The same value is no conflict; force takes the field over.
        await ApplyAsync("b", """},"data":{"shared":"x"}}""");
        V1ConfigMap forced = await ApplyAsync("b", """},"data":{"shared":"y"}}""", force: true);
        Assert.Equal("y", forced.Data["shared"]);

        // "a" stops applying its data: what only it owned goes, what "b" owns stays.
        V1ConfigMap dropped = await ApplyAsync("a", ""","labels":{"team":"a"}}}""");
        Assert.Equal(["shared"], dropped.Data.Keys);
        Assert.Equal("a", dropped.Metadata.Labels["team"]);
    }

    [Fact]
    public async Task StatusUpdate_WithStaleResourceVersion_ConflictsAndLeavesGenerationAlone()
    {
        await EnsureCrdAsync();
        var body = new JsonObject
        {
            ["apiVersion"] = "secrets.hashicorp.com/v1beta1",
            ["kind"] = "VaultStaticSecret",
            ["metadata"] = new JsonObject { ["name"] = "app" },
            ["spec"] = new JsonObject { ["type"] = "kv-v2", ["mount"] = "secret", ["path"] = "app", ["destination"] = new JsonObject { ["name"] = "app" } },
        };
        JsonObject created = await CustomAsync(c => c.CreateNamespacedCustomObjectAsync(body, "secrets.hashicorp.com", "v1beta1", Ns, "vaultstaticsecrets", cancellationToken: Ct));
        Assert.True((bool)created["spec"]!["hmacSecretData"]!);

        JsonObject withStatus = (JsonObject)created.DeepClone();
        withStatus["status"] = new JsonObject { ["lastGeneration"] = 1 };
        withStatus["spec"]!["path"] = "ignored-by-status-write";
        JsonObject updated = await CustomAsync(c => c.ReplaceNamespacedCustomObjectStatusAsync(withStatus, "secrets.hashicorp.com", "v1beta1", Ns, "vaultstaticsecrets", "app", cancellationToken: Ct));
        Assert.Equal(1, (long)updated["status"]!["lastGeneration"]!);
        Assert.Equal("app", (string?)updated["spec"]!["path"]);
        Assert.Equal(1, (long)updated["metadata"]!["generation"]!);

        // The same write again carries the old resourceVersion: 409 Conflict, as the reconcile loop must expect.
        var conflict = await Assert.ThrowsAsync<HttpOperationException>(() =>
            Client.CustomObjects.ReplaceNamespacedCustomObjectStatusAsync(withStatus, "secrets.hashicorp.com", "v1beta1", Ns, "vaultstaticsecrets", "app", cancellationToken: Ct));
        Assert.Equal(HttpStatusCode.Conflict, conflict.Response.StatusCode);
        JsonNode status = JsonNode.Parse(conflict.Response.Content)!;
        Assert.Equal("Conflict", (string?)status["reason"]);
        Assert.Contains("the object has been modified", (string?)status["message"], StringComparison.Ordinal);

        // A spec change on the main resource bumps generation; the status it carries is ignored.
        JsonObject specChange = (JsonObject)updated.DeepClone();
        specChange["spec"]!["path"] = "app2";
        specChange["status"] = new JsonObject { ["lastGeneration"] = 99 };
        JsonObject changed = await CustomAsync(c => c.ReplaceNamespacedCustomObjectAsync(specChange, "secrets.hashicorp.com", "v1beta1", Ns, "vaultstaticsecrets", "app", cancellationToken: Ct));
        Assert.Equal(2, (long)changed["metadata"]!["generation"]!);
        Assert.Equal(1, (long)changed["status"]!["lastGeneration"]!);

        // Schema validation: required fields and enums give 422 Invalid with causes.
        var invalidBody = (JsonObject)body.DeepClone();
        invalidBody["metadata"]!["name"] = "bad";
        invalidBody["spec"] = new JsonObject { ["type"] = "kv-v3", ["path"] = "p", ["destination"] = new JsonObject { ["name"] = "d" } };
        var invalid = await Assert.ThrowsAsync<HttpOperationException>(() =>
            Client.CustomObjects.CreateNamespacedCustomObjectAsync(invalidBody, "secrets.hashicorp.com", "v1beta1", Ns, "vaultstaticsecrets", cancellationToken: Ct));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, invalid.Response.StatusCode);
        var fields = ((JsonArray)JsonNode.Parse(invalid.Response.Content)!["details"]!["causes"]!).Select(c => (string?)c!["field"]).ToList();
        Assert.Contains("spec.mount", fields);
        Assert.Contains("spec.type", fields);
    }

    [Fact]
    public async Task LeaderElector_HolderStopsRenewing_OtherCandidateTakesOverTheLease()
    {
        using var firstStop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        using var secondStop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        using LeaderElector first = Elector("first");
        using LeaderElector second = Elector("second");
        var firstLeads = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var secondLeads = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        first.OnStartedLeading += () => firstLeads.TrySetResult();
        second.OnStartedLeading += () => secondLeads.TrySetResult();

        Task firstRun = first.RunUntilLeadershipLostAsync(firstStop.Token);
        await firstLeads.Task.WaitAsync(TimeSpan.FromSeconds(30), Ct);
        Task secondRun = second.RunUntilLeadershipLostAsync(secondStop.Token);
        V1Lease held = await Client.CoordinationV1.ReadNamespacedLeaseAsync("leader", Ns, cancellationToken: Ct);
        Assert.Equal("first", held.Spec.HolderIdentity);
        Assert.False(secondLeads.Task.IsCompleted);

        // The holder dies without releasing: the other candidate takes over once the lease duration passes.
        await firstStop.CancelAsync();
        await secondLeads.Task.WaitAsync(TimeSpan.FromSeconds(30), Ct);
        V1Lease taken = await Client.CoordinationV1.ReadNamespacedLeaseAsync("leader", Ns, cancellationToken: Ct);
        Assert.Equal("second", taken.Spec.HolderIdentity);
        Assert.Equal(1, taken.Spec.LeaseTransitions);
        Assert.True(taken.Spec.RenewTime >= held.Spec.RenewTime);

        await secondStop.CancelAsync();
        await Task.WhenAll(firstRun, secondRun).WaitAsync(TimeSpan.FromSeconds(30), Ct).ContinueWith(_ => { }, TaskScheduler.Default);
    }

    [Fact]
    public async Task Errors_AreStatusObjectsWithReasonAndCode()
    {
        (int status, JsonNode? notFound) = await _cluster.SendAsync(HttpMethod.Get, $"api/v1/namespaces/{Ns}/secrets/missing");
        Assert.Equal(404, status);
        Assert.Equal(("Status", "NotFound", 404, "secrets \"missing\" not found"), ((string?)notFound!["kind"], (string?)notFound["reason"], (int)notFound["code"]!, (string?)notFound["message"]));

        await Client.CoreV1.CreateNamespacedSecretAsync(Secret("dup"), Ns, cancellationToken: Ct);
        (status, JsonNode? exists) = await _cluster.SendAsync(HttpMethod.Post, $"api/v1/namespaces/{Ns}/secrets", KubernetesJson.Serialize(Secret("dup")));
        Assert.Equal((409, "AlreadyExists"), (status, (string?)exists!["reason"]));

        (status, JsonNode? undecodable) = await _cluster.SendAsync(HttpMethod.Post, $"api/v1/namespaces/{Ns}/secrets", """{"apiVersion":"v1","kind":"Secret","metadata":{"name":5}}""");
        Assert.Equal((400, "BadRequest"), (status, (string?)undecodable!["reason"]));

        (status, JsonNode? lease) = await _cluster.SendAsync(HttpMethod.Get, $"apis/coordination.k8s.io/v1/namespaces/{Ns}/leases/none");
        Assert.Equal((404, "leases.coordination.k8s.io \"none\" not found", "coordination.k8s.io"), (status, (string?)lease!["message"], (string?)lease["details"]!["group"]));

        using var anonymous = new HttpClient(new SocketsHttpHandler { SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true } }) { BaseAddress = _cluster.Http.BaseAddress };
        using HttpResponseMessage unauthorized = await anonymous.GetAsync($"api/v1/namespaces/{Ns}/secrets", Ct);

        // A real cluster with anonymous auth on answers 403 for system:anonymous instead.
        Assert.Contains((int)unauthorized.StatusCode, KubeCluster.IsRemote ? new[] { 401, 403 } : new[] { 401 });
        Assert.Contains((string?)JsonNode.Parse(await unauthorized.Content.ReadAsStringAsync(Ct))!["reason"], new[] { "Unauthorized", "Forbidden" });
    }

    [Fact]
    public async Task Secrets_StringDataFoldsIntoDataAndImmutableRefusesChanges()
    {
        var secret = new V1Secret { Metadata = new V1ObjectMeta { Name = "frozen" }, StringData = new Dictionary<string, string> { ["password"] = "p@ss" }, Immutable = true };
        V1Secret created = await Client.CoreV1.CreateNamespacedSecretAsync(secret, Ns, cancellationToken: Ct);
        Assert.Null(created.StringData);
        Assert.Equal("p@ss", System.Text.Encoding.UTF8.GetString(created.Data["password"]));
        Assert.Equal("Opaque", created.Type);

        created.Data["password"] = "changed"u8.ToArray();
        var refused = await Assert.ThrowsAsync<HttpOperationException>(() => Client.CoreV1.ReplaceNamespacedSecretAsync(created, "frozen", Ns, cancellationToken: Ct));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.Response.StatusCode);
        Assert.Contains("field is immutable when `immutable` is set", (string?)JsonNode.Parse(refused.Response.Content)!["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_SelectorsAndPaging_ReturnEveryMatchOnce()
    {
        foreach ((string name, string tier) in new[] { ("p1", "a"), ("p2", "b"), ("p3", "c"), ("p4", "a"), ("p5", "b") })
        {
            V1Secret secret = Secret(name);
            secret.Metadata.Labels["tier"] = tier;
            await Client.CoreV1.CreateNamespacedSecretAsync(secret, Ns, cancellationToken: Ct);
        }

        var names = new List<string>();
        string? next = null;
        int pages = 0;
        do
        {
            V1SecretList page = await Client.CoreV1.ListNamespacedSecretAsync(Ns, continueParameter: next, labelSelector: "test,tier in (a,b)", limit: 2, cancellationToken: Ct);
            names.AddRange(page.Items.Select(s => s.Metadata.Name));
            next = page.Metadata.ContinueProperty;
            pages++;
        }
        while (!string.IsNullOrEmpty(next));

        Assert.Equal(["p1", "p2", "p4", "p5"], names);

        // A real server filters labels after paging the store, so it may need an extra (short) page.
        Assert.True(pages == 2 || (KubeCluster.IsRemote && pages > 2), $"{pages} pages");
        V1SecretList byName = await Client.CoreV1.ListNamespacedSecretAsync(Ns, fieldSelector: "metadata.name=p3", cancellationToken: Ct);
        Assert.Equal("c", Assert.Single(byName.Items).Metadata.Labels["tier"]);
    }

    private const string DeploymentJson = """
        {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},
         "spec":{"replicas":1,"selector":{"matchLabels":{"app":"web"}},
          "template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"web","image":"nginx","env":[{"name":"A","value":"1"}]}]}}}}
        """;

    private static V1Secret Secret(string name) =>
        new() { Metadata = new V1ObjectMeta { Name = name, Labels = new Dictionary<string, string> { ["test"] = "yes" } }, Data = new Dictionary<string, byte[]> { ["k"] = "v"u8.ToArray() } };

    private LeaderElector Elector(string identity) => new(new LeaderElectionConfig(new LeaseLock(Client, Ns, "leader", identity))
    {
        LeaseDuration = TimeSpan.FromSeconds(1),
        RenewDeadline = TimeSpan.FromMilliseconds(700),
        RetryPeriod = TimeSpan.FromMilliseconds(100),
    });

    private async Task<JsonObject> CustomAsync(Func<k8s.ICustomObjectsOperations, Task<object>> call) =>
        (JsonObject)JsonNode.Parse(KubernetesJson.Serialize(await call(Client.CustomObjects)))!;

    private async Task EnsureCrdAsync()
    {
        try
        {
            await Client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(KubernetesJson.Deserialize<V1CustomResourceDefinition>(Manifests.VaultStaticSecretCrdJson().ToJsonString()), cancellationToken: Ct);
        }
        catch (HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.Conflict)
        {
            // A shared real cluster may have it already.
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        await foreach ((WatchEventType _, V1CustomResourceDefinition crd) in Client.ApiextensionsV1.WatchListCustomResourceDefinitionAsync(fieldSelector: "metadata.name=" + Manifests.CrdName, cancellationToken: timeout.Token))
        {
            if (crd.Status?.Conditions?.Any(c => c.Type == "Established" && c.Status == "True") == true)
            {
                return;
            }
        }
    }
}
