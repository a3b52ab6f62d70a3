// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Text.Json.Nodes;
using Vault.Kubernetes.Annotations;
using Vault.Kubernetes.Injector.Admission;
using Vault.Kubernetes.Injector.Tests.TestSupport;

namespace Vault.Kubernetes.Injector.Tests.Admission;

public sealed class PodMutatorTests
{
    private static readonly InjectorOptions s_options = new() { AgentImage = "vault-agent-dotnet:1.0", VaultAddress = "https://vault.vault.svc:8200" };

    [Fact]
    public void Mutate_PlainPod_AddsInitSidecarVolumesMountsAndStatus()
    {
        JsonObject pod = Pods.Pod(Pods.Asking());

        MutationResult result = new PodMutator(s_options).Mutate(pod, "shop");

        Assert.True(result.Allowed);
        JsonObject injected = TestJsonPatch.Apply(pod, result.Patch!);
        Assert.Equal(["kube-api-access-abcde", "home-init", "home-sidecar", "vault-secrets", "vault-podinfo", "vault-agent-cache"], Names(injected["spec"]!["volumes"]));
        Assert.Equal("Memory", (string?)Named(injected["spec"]!["volumes"], "vault-agent-cache")["emptyDir"]!["medium"]);
        Assert.Equal("Memory", (string?)Named(injected["spec"]!["volumes"], "vault-secrets")["emptyDir"]!["medium"]);
        Assert.Equal("metadata.annotations", (string?)Named(injected["spec"]!["volumes"], "vault-podinfo")["downwardAPI"]!["items"]![0]!["fieldRef"]!["fieldPath"]);
        Assert.Equal(["app", "helper", "vault-agent"], Names(injected["spec"]!["containers"]));
        Assert.Equal(["vault-agent-init"], Names(injected["spec"]!["initContainers"]));
        Assert.Equal("injected", (string?)injected["metadata"]!["annotations"]!["vault.hashicorp.com/agent-inject-status"]);

        // Every app container mounts the secrets; the one without mounts gets a new list.
        foreach (string app in new[] { "app", "helper" })
        {
            Assert.Contains(Named(injected["spec"]!["containers"], app)["volumeMounts"]!.AsArray(), m => (string?)m!["name"] == "vault-secrets" && (string?)m["mountPath"] == "/vault/secrets");
        }

        JsonObject init = Named(injected["spec"]!["initContainers"], "vault-agent-init");
        Assert.Equal("vault-agent-dotnet:1.0", (string?)init["image"]);
        Assert.Equal(["--mode", "init", "--annotations", "/vault/podinfo/annotations"], init["args"]!.AsArray().Select(a => (string)a!));
        Assert.Equal(["home-init", "kube-api-access-abcde", "vault-secrets", "vault-podinfo", "vault-agent-cache"], Names(init["volumeMounts"]));
        Assert.Equal("/vault/agent-cache", (string?)Named(init["volumeMounts"], "vault-agent-cache")["mountPath"]);
        Assert.Equal("/var/run/secrets/kubernetes.io/serviceaccount", (string?)Named(init["volumeMounts"], "kube-api-access-abcde")["mountPath"]);
        Assert.Equal(["NAMESPACE", "HOST_IP", "POD_IP", "VAULT_ADDR"], Names(init["env"]));
        Assert.Equal("500m", (string?)init["resources"]!["limits"]!["cpu"]);
        Assert.Equal("128Mi", (string?)init["resources"]!["limits"]!["memory"]);
        Assert.Equal("250m", (string?)init["resources"]!["requests"]!["cpu"]);
        Assert.Equal("64Mi", (string?)init["resources"]!["requests"]!["memory"]);
        Assert.Equal(100, (long)init["securityContext"]!["runAsUser"]!);
        Assert.True((bool)init["securityContext"]!["runAsNonRoot"]!);
        Assert.Equal("--mode sidecar", string.Join(' ', Named(injected["spec"]!["containers"], "vault-agent")["args"]!.AsArray().Take(2).Select(a => (string)a!)));
    }

    [Fact]
    public void Mutate_CacheDisabled_AddsNoCacheVolume()
    {
        JsonObject pod = Pods.Pod(Pods.Asking(("agent-cache-enable", "false")));

        JsonObject injected = TestJsonPatch.Apply(pod, new PodMutator(s_options).Mutate(pod, "shop").Patch!);

        Assert.DoesNotContain("vault-agent-cache", Names(injected["spec"]!["volumes"]));
        Assert.DoesNotContain("vault-agent-cache", Names(Named(injected["spec"]!["containers"], "vault-agent")["volumeMounts"]));
    }

    [Fact]
    public void Mutate_BadTemplate_IsRefusedAtAdmissionNamingTheAnnotation()
    {
        MutationResult result = new PodMutator(s_options).Mutate(Pods.Pod(Pods.Asking(("agent-inject-template-config", "{{ with secret \"secret/db\" }}"))), "shop");

        Assert.False(result.Allowed);
        Assert.Contains("vault.hashicorp.com/agent-inject-template-config: template \"config\" line 1", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Mutate_PlainPod_PatchIsAddOnlyWithEscapedStatusPath()
    {
        MutationResult result = new PodMutator(s_options).Mutate(Pods.Pod(Pods.Asking()), "shop");

        Assert.All(result.Patch!, op => Assert.Equal("add", (string?)op!["op"]));
        Assert.Equal(
            [
                "/spec/volumes/-", "/spec/volumes/-", "/spec/volumes/-", "/spec/volumes/-", "/spec/volumes/-",
                "/spec/containers/0/volumeMounts/-", "/spec/containers/1/volumeMounts",
                "/spec/initContainers", "/spec/containers/-",
                "/metadata/annotations/vault.hashicorp.com~1agent-inject-status",
            ],
            result.Patch!.Select(op => (string)op!["path"]!));
    }

    [Fact]
    public void Mutate_InitFirst_PutsAgentBeforeExistingInitContainers()
    {
        JsonObject pod = Pods.Pod(Pods.Asking(("agent-init-first", "true")), initContainer: true);

        JsonObject injected = TestJsonPatch.Apply(pod, new PodMutator(s_options).Mutate(pod, "shop").Patch!);

        Assert.Equal(["vault-agent-init", "migrate"], Names(injected["spec"]!["initContainers"]));
    }

    [Fact]
    public void Mutate_NotInitFirst_AppendsAfterExistingInitContainers()
    {
        JsonObject pod = Pods.Pod(Pods.Asking(), initContainer: true);

        JsonObject injected = TestJsonPatch.Apply(pod, new PodMutator(s_options).Mutate(pod, "shop").Patch!);

        Assert.Equal(["migrate", "vault-agent-init"], Names(injected["spec"]!["initContainers"]));
    }

    [Fact]
    public void Mutate_PrePopulateOnly_AddsNoSidecar()
    {
        JsonObject pod = Pods.Pod(Pods.Asking(("agent-pre-populate-only", "true")));

        JsonObject injected = TestJsonPatch.Apply(pod, new PodMutator(s_options).Mutate(pod, "shop").Patch!);

        Assert.Equal(["app", "helper"], Names(injected["spec"]!["containers"]));
        Assert.Equal(["vault-agent-init"], Names(injected["spec"]!["initContainers"]));
        Assert.DoesNotContain("home-sidecar", Names(injected["spec"]!["volumes"]));
    }

    [Fact]
    public void Mutate_PrePopulateFalse_AddsOnlySidecar()
    {
        JsonObject pod = Pods.Pod(Pods.Asking(("agent-pre-populate", "false")));

        JsonObject injected = TestJsonPatch.Apply(pod, new PodMutator(s_options).Mutate(pod, "shop").Patch!);

        Assert.Null(injected["spec"]!["initContainers"]);
        Assert.Contains("vault-agent", Names(injected["spec"]!["containers"]));
    }

    [Fact]
    public void Mutate_CustomVolumePathAndContainers_MountsThereInListedContainersOnly()
    {
        JsonObject pod = Pods.Pod(Pods.Asking(("secret-volume-path", "/etc/app/secrets"), ("agent-inject-containers", "app")));

        JsonObject injected = TestJsonPatch.Apply(pod, new PodMutator(s_options).Mutate(pod, "shop").Patch!);

        Assert.Contains(Named(injected["spec"]!["containers"], "app")["volumeMounts"]!.AsArray(), m => (string?)m!["mountPath"] == "/etc/app/secrets");
        Assert.Null(Named(injected["spec"]!["containers"], "helper")["volumeMounts"]);
        Assert.Equal("/etc/app/secrets", (string?)Named(Named(injected["spec"]!["initContainers"], "vault-agent-init")["volumeMounts"], "vault-secrets")["mountPath"]);
    }

    [Fact]
    public void Mutate_ResourceAndSecurityAnnotations_AreApplied()
    {
        JsonObject pod = Pods.Pod(Pods.Asking(
            ("agent-limits-cpu", "1"), ("agent-limits-mem", "64Mi"), ("agent-requests-cpu", ""), ("agent-requests-mem", "16Mi"),
            ("agent-limits-ephemeral", "1Gi"), ("agent-run-as-user", "0"), ("agent-image", "registry.local/agent:2")));

        JsonObject injected = TestJsonPatch.Apply(pod, new PodMutator(s_options).Mutate(pod, "shop").Patch!);

        JsonObject sidecar = Named(injected["spec"]!["containers"], "vault-agent");
        Assert.Equal("""{"cpu":"1","ephemeral-storage":"1Gi","memory":"64Mi"}""", sidecar["resources"]!["limits"]!.ToJsonString());
        Assert.Equal("""{"memory":"16Mi"}""", sidecar["resources"]!["requests"]!.ToJsonString());
        Assert.Equal(0, (long)sidecar["securityContext"]!["runAsUser"]!);
        Assert.False((bool)sidecar["securityContext"]!["runAsNonRoot"]!);
        Assert.Equal("registry.local/agent:2", (string?)sidecar["image"]);
    }

    [Fact]
    public void Mutate_SecurityContextOff_SetsNone()
    {
        JsonObject pod = Pods.Pod(Pods.Asking(("agent-set-security-context", "false")));

        JsonObject injected = TestJsonPatch.Apply(pod, new PodMutator(s_options).Mutate(pod, "shop").Patch!);

        Assert.Null(Named(injected["spec"]!["containers"], "vault-agent")["securityContext"]);
    }

    [Fact]
    public void Mutate_ServiceAnnotation_AgentReadsItSoNoVaultAddrEnv()
    {
        JsonObject pod = Pods.Pod(Pods.Asking(("service", "https://other:8200")));

        JsonObject injected = TestJsonPatch.Apply(pod, new PodMutator(s_options).Mutate(pod, "shop").Patch!);

        Assert.DoesNotContain("VAULT_ADDR", Names(Named(injected["spec"]!["containers"], "vault-agent")["env"]));
    }

    [Fact]
    public void Mutate_CaCertInPod_IsNotLookedUpInTheWebhook()
    {
        JsonObject pod = Pods.Pod(Pods.Asking(("ca-cert", "/vault/tls/does-not-exist-here.crt")));

        Assert.NotNull(new PodMutator(s_options).Mutate(pod, "shop").Patch);
    }

    [Theory]
    [InlineData("injected")]
    public void Mutate_AlreadyInjected_Unchanged(string status)
    {
        MutationResult result = new PodMutator(s_options).Mutate(Pods.Pod(Pods.Asking(("agent-inject-status", status))), "shop");

        Assert.Same(MutationResult.Unchanged, result);
    }

    [Fact]
    public void Mutate_StatusUpdate_Reinjects()
    {
        Assert.NotNull(new PodMutator(s_options).Mutate(Pods.Pod(Pods.Asking(("agent-inject-status", "update"))), "shop").Patch);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("false")]
    [InlineData("yes")]
    public void Mutate_NotAsking_Unchanged(string? inject)
    {
        var annotations = new Dictionary<string, string> { ["vault.hashicorp.com/role"] = "app", ["vault.hashicorp.com/agent-limits-cpu"] = "lots" };
        if (inject is not null)
        {
            annotations["vault.hashicorp.com/agent-inject"] = inject;
        }

        Assert.Same(MutationResult.Unchanged, new PodMutator(s_options).Mutate(Pods.Pod(annotations), "shop"));
        Assert.Same(MutationResult.Unchanged, new PodMutator(s_options).Mutate(Pods.Pod(), "shop"));
    }

    [Theory]
    [InlineData("agent-limits-cpu", "lots", "vault.hashicorp.com/agent-limits-cpu")]
    [InlineData("agent-requests-mem", "64 MB", "vault.hashicorp.com/agent-requests-mem")]
    [InlineData("agent-run-as-user", "-1", "vault.hashicorp.com/agent-run-as-user")]
    [InlineData("agent-init-first", "maybe", "vault.hashicorp.com/agent-init-first")]
    [InlineData("auth-type", "jwt", "vault.hashicorp.com/auth-type")]
    [InlineData("agent-inject-perms-config", "999", "vault.hashicorp.com/agent-inject-perms-config")]
    [InlineData("secret-volume-path", "relative/dir", "vault.hashicorp.com/secret-volume-path")]
    [InlineData("agent-service-account-token-volume-name", "nope", "vault.hashicorp.com/agent-service-account-token-volume-name")]
    public void Mutate_BadAnnotation_DeniedNamingIt(string name, string value, string expected)
    {
        MutationResult result = new PodMutator(s_options).Mutate(Pods.Pod(Pods.Asking((name, value))), "shop");

        Assert.False(result.Allowed);
        Assert.Null(result.Patch);
        Assert.Contains(expected, result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Mutate_MissingRoleAndConflict_ListsEveryProblem()
    {
        Dictionary<string, string> annotations = Pods.Asking(("agent-pre-populate", "false"), ("agent-pre-populate-only", "true"));
        annotations.Remove("vault.hashicorp.com/role");

        MutationResult result = new PodMutator(s_options).Mutate(Pods.Pod(annotations), "shop");

        Assert.False(result.Allowed);
        Assert.Contains("vault.hashicorp.com/role", result.Message, StringComparison.Ordinal);
        Assert.Contains("vault.hashicorp.com/agent-pre-populate-only: conflicts", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Mutate_BadAnnotationWithAllowFailureMode_AllowedUnchangedWithWarning()
    {
        var options = new InjectorOptions { FailureMode = InjectorFailureMode.Allow };

        MutationResult result = new PodMutator(options).Mutate(Pods.Pod(Pods.Asking(("agent-limits-cpu", "lots"))), "shop");

        Assert.True(result.Allowed);
        Assert.Null(result.Patch);
        Assert.Contains(result.Warnings, w => w.Contains("vault.hashicorp.com/agent-limits-cpu", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("kube-system")]
    [InlineData("")]
    public void Mutate_SystemOrMissingNamespace_Denied(string ns)
    {
        Assert.False(new PodMutator(s_options).Mutate(Pods.Pod(Pods.Asking()), ns).Allowed);
    }

    [Fact]
    public void Mutate_NoServiceAccountMount_Denied()
    {
        JsonObject pod = Pods.Pod(Pods.Asking());
        pod["spec"]!["containers"]![0]!.AsObject().Remove("volumeMounts");

        MutationResult result = new PodMutator(s_options).Mutate(pod, "shop");

        Assert.False(result.Allowed);
        Assert.Contains("service account volume mount", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Mutate_InjectedInitContainer_AnnotationsFileLoadsInTheAgentsReader()
    {
        JsonObject pod = Pods.Pod(Pods.Asking(("agent-inject-file-config", "app.env"), ("ca-cert", "/vault/tls/ca.crt")));
        JsonObject injected = TestJsonPatch.Apply(pod, new PodMutator(s_options).Mutate(pod, "shop").Patch!);

        // The kubelet writes metadata.annotations as key="Go-quoted value" lines; the agent reads that file.
        string file = Path.Combine(Path.GetTempPath(), "injector-annotations-" + Guid.NewGuid().ToString("N"));
        try
        {
            File.WriteAllLines(file, injected["metadata"]!["annotations"]!.AsObject()
                .Where(a => a.Key != "vault.hashicorp.com/ca-cert")
                .Select(a => $"{a.Key}=\"{((string)a.Value!).Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)}\""));

            AgentConfig config = AnnotationConfigReader.ReadFile(file);

            Assert.Equal("app", config.Connection.Kubernetes.Role);
            Assert.Equal("/vault/secrets/app.env", config.Files.Single().Destination);
            JsonObject init = Named(injected["spec"]!["initContainers"], "vault-agent-init");
            Assert.Contains(init["volumeMounts"]!.AsArray(), m => config.Connection.Kubernetes.TokenPath.StartsWith((string)m!["mountPath"]! + "/", StringComparison.Ordinal));
            Assert.Contains(init["volumeMounts"]!.AsArray(), m => (string?)m!["mountPath"] == config.SecretVolumePath);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static string[] Names(JsonNode? array) => [.. array!.AsArray().Select(n => (string)n!["name"]!)];

    private static JsonObject Named(JsonNode? array, string name) => array!.AsArray().Single(n => (string?)n!["name"] == name)!.AsObject();
}
