// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Text.Json.Nodes;
using Vault.Kubernetes.Agent.Tests.TestSupport;
using Vault.Kubernetes.Injector.Tests.TestSupport;
using Vault.Kubernetes.Testing;

namespace Vault.Kubernetes.Injector.Tests.EndToEnd;

/// <summary>
/// The whole injection path with nothing in-process: kubectl applies an annotated pod, the API server calls the webhook and
/// stores the patched pod, then the agent's executable runs as the stored init container: its args and env, its volumes at
/// their mount paths (the downward-API annotations file, a TokenRequest token in the service-account volume) on a read-only
/// root, against the Vault dev server.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class InjectedAgentTests
{
    private const string Password = "s3cr3t-from-vault";

    private const string Pod = """
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
          annotations:
            vault.hashicorp.com/agent-inject: "true"
            vault.hashicorp.com/role: "web"
            vault.hashicorp.com/agent-inject-secret-db.properties: "secret/data/web"
            vault.hashicorp.com/agent-inject-template-db.properties: |
              {{- with secret "secret/data/web" -}}
              user={{ .Data.data.user }}
              password={{ .Data.data.password }}
              {{- end }}
            vault.hashicorp.com/agent-inject-perms-db.properties: "0440"
            vault.hashicorp.com/agent-inject-secret-raw: "secret/data/web"
        spec:
          containers:
            - name: app
              image: busybox:1.37
        """;

    [Fact]
    public async Task Apply_ThenInitContainerRuns_AgentWritesTheFilesTheAppMounts()
    {
        InjectorCluster.RequireKubectl();
        PodRunner.RequireSupported();
        Assert.True(File.Exists(AgentBinary.Path), $"the agent is not built at {AgentBinary.Path} (build samples/Agent, or set {AgentBinary.Variable})");
        await using VaultDevServer vault = await VaultDevServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        vault.SetPolicy("web", """path "secret/data/web" { capabilities = ["read"] }""");
        vault.Kubernetes.EnableAuth();
        vault.Kubernetes.WriteRole("web", new Dictionary<string, object?>
        {
            ["bound_service_account_names"] = new[] { "default" },
            ["bound_service_account_namespaces"] = new[] { "default" },
            ["token_policies"] = new[] { "web" },
        });
        vault.WriteKvSecret("secret", "web", new Dictionary<string, object?> { ["user"] = "shop", ["password"] = Password });
        await using InjectorCluster cluster = await InjectorCluster.StartAsync(vaultAddress: vault.Address, tokenIssuer: vault.Kubernetes.Issuer);
        await cluster.KubectlAsync("apply -f -", cluster.WebhookConfiguration());
        (_, _, string applyErrors) = await cluster.KubectlAsync("apply -f -", Pod);
        JsonObject pod = cluster.Pod("web") ?? throw new InvalidOperationException("the pod was not stored: " + applyErrors);

        var runner = new PodRunner(pod, Path.Combine(cluster.Directory, "pod"), RequestTokenAsync, (ns, name) => cluster.Server.GetObject("v1", "configmaps", ns, name));
        (int exitCode, string output) = await runner.RunAsync(
            "vault-agent-init",
            new Dictionary<string, (string, string)> { ["vault-agent-dotnet:test"] = (AgentBinary.Directory, AgentBinary.FileName) },
            TimeSpan.FromSeconds(60));

        Assert.True(exitCode == 0, $"the init container exited {exitCode}:\n{output}");
        string secrets = runner.VolumePath("vault-secrets");
        Assert.Equal($"user=shop\npassword={Password}\n", File.ReadAllText(Path.Combine(secrets, "db.properties")));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.GroupRead, File.GetUnixFileMode(Path.Combine(secrets, "db.properties")));
        Assert.Contains(Password, File.ReadAllText(Path.Combine(secrets, "raw")), StringComparison.Ordinal);
        Assert.DoesNotContain(Password, output, StringComparison.Ordinal);

        // It logged in with the projected token of the pod's service account, at the address the injector gave it.
        VaultRequestLogEntry login = Assert.Single(vault.RequestLog, e => e.Path.Contains("auth/kubernetes/login", StringComparison.Ordinal));
        Assert.Equal(200, login.StatusCode);

        // The app container mounts the same volume at the path the agent wrote to.
        JsonObject app = pod["spec"]!["containers"]!.AsArray().OfType<JsonObject>().Single(c => (string?)c["name"] == "app");
        Assert.Contains(app["volumeMounts"]!.AsArray(), m => (string?)m!["name"] == "vault-secrets" && (string?)m["mountPath"] == "/vault/secrets");

        async Task<string> RequestTokenAsync(string serviceAccount, int expirationSeconds)
        {
            (int code, string token, string error) = await cluster.KubectlAsync($"create token {serviceAccount} --namespace {(string)pod["metadata"]!["namespace"]!} --duration {expirationSeconds}s", string.Empty);
            Assert.True(code == 0, "TokenRequest failed: " + error);
            return token.Trim();
        }
    }
}
