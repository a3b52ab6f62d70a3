// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using k8s;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Vault.Kubernetes.Operator.Controller;
using Vault.Kubernetes.Operator.Hosting;
using Vault.Kubernetes.Operator.Kube;
using Vault.Kubernetes.Testing;

namespace Vault.Kubernetes.Operator.Tests.TestSupport;

/// <summary>A Vault dev server and a Kubernetes API dev server that trust each other's service-account tokens, the CRDs applied with the real kubectl, and operators to start.</summary>
public sealed class OperatorEnvironment : IAsyncDisposable
{
    public const string OperatorNamespace = "vault-secrets-operator";
    public const string AppNamespace = "shop";
    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private readonly List<(CancellationTokenSource Stop, Task Run)> _operators = [];

    private OperatorEnvironment(VaultDevServer vault, KubernetesDevServer kube, string directory, FakeTimeProvider? time)
    {
        Vault = vault;
        Kube = kube;
        Directory = directory;
        Time = time;
        KubeconfigPath = Path.Combine(directory, "kubeconfig");
        kube.WriteKubeconfig(KubeconfigPath);
        Configuration = KubernetesClientConfiguration.BuildConfigFromConfigFile(KubeconfigPath);
        Api = new KubeApiClient(Configuration);
    }

    public VaultDevServer Vault { get; }

    public KubernetesDevServer Kube { get; }

    public FakeTimeProvider? Time { get; }

    public string Directory { get; }

    public string KubeconfigPath { get; }

    internal KubernetesClientConfiguration Configuration { get; }

    internal KubeApiClient Api { get; }

    public LogCollector Logs { get; } = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Starts both servers (on a fake clock when <paramref name="time"/> is given), applies the CRDs with kubectl and sets up Vault and the app namespace.</summary>
    public static async Task<OperatorEnvironment> StartAsync(FakeTimeProvider? time = null)
    {
        TestSupport.Kubectl.RequireInstalled();
        TimeProvider clock = time ?? TimeProvider.System;
        VaultDevServer vault = await VaultDevServer.StartAsync(new VaultDevServerOptions { TimeProvider = clock }, Ct);
        var kubeOptions = new KubernetesDevServerOptions { TimeProvider = clock, TokenIssuer = vault.Kubernetes.Issuer };
        kubeOptions.Namespaces.Add(OperatorNamespace);
        kubeOptions.Namespaces.Add(AppNamespace);
        KubernetesDevServer kube = await KubernetesDevServer.StartAsync(kubeOptions, Ct);
        string directory = Path.Combine(Path.GetTempPath(), "operator-test-" + Guid.NewGuid().ToString("N")[..12]);
        System.IO.Directory.CreateDirectory(directory);
        var environment = new OperatorEnvironment(vault, kube, directory, time);
        await environment.Kubectl("apply -f " + Path.Combine(AppContext.BaseDirectory, "deploy", "crds"));
        environment.SetUpVault();
        environment.SetUpApp();
        return environment;
    }

    /// <summary>Applies the default VaultConnection and VaultAuth (pointing at the dev Vault) through the API.</summary>
    public async Task ApplyDefaultsAsync()
    {
        string text = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "deploy", "examples", "default-connection.yaml"), Ct);
        await ApplyYamlAsync(PointAtDevVault(text));
    }

    /// <summary>Replaces the sample's in-cluster Vault address with the dev server's.</summary>
    public string PointAtDevVault(string yaml) => yaml.Replace("http://vault.vault.svc:8200", Vault.Address.GetLeftPart(UriPartial.Authority), StringComparison.Ordinal);

    /// <summary>Applies YAML with the real kubectl.</summary>
    public async Task ApplyYamlAsync(string yaml)
    {
        string file = Path.Combine(Directory, Guid.NewGuid().ToString("N")[..8] + ".yaml");
        await File.WriteAllTextAsync(file, yaml, Ct);
        await Kubectl("apply -f " + file);
    }

    /// <summary>Runs kubectl against the Kubernetes dev server and fails the test unless it exits 0.</summary>
    public async Task<string> Kubectl(string arguments)
    {
        var info = new ProcessStartInfo(TestSupport.Kubectl.Path!) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in $"--kubeconfig {KubeconfigPath} {arguments}".Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["KUBECACHEDIR"] = Path.Combine(Directory, "kube-cache");
        info.Environment.Remove("KUBECONFIG");
        using Process process = Process.Start(info)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync(Ct);
        Task<string> stderr = process.StandardError.ReadToEndAsync(Ct);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(Wait);
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"kubectl {arguments} exited {process.ExitCode}: {await stderr}");
        return await stdout;
    }

    /// <summary>Starts an operator host in the background (<paramref name="beforeStart"/> sees it first, to subscribe to its events); returns it at once.</summary>
    internal OperatorHost StartOperator(bool leaderElection = false, string identity = "op-1", Action<OperatorOptions>? configure = null, Action<OperatorHost>? beforeStart = null)
    {
        var options = new OperatorOptions { LeaderElection = leaderElection, Identity = identity, HealthPort = 0 };
        options.Controller.OperatorNamespace = OperatorNamespace;
        options.Controller.RetryMinimum = TimeSpan.FromSeconds(5);
        configure?.Invoke(options);
        var host = new OperatorHost(options, Configuration, Logs.Factory, Time, Time is null ? null : () => 0.5);
        beforeStart?.Invoke(host);
        var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        _operators.Add((stop, Task.Run(() => host.RunAsync(stop.Token), CancellationToken.None)));
        return host;
    }

    /// <summary>Stops an operator as SIGTERM does; it gives its Lease up only when its options say ReleaseOnStop (false: as a killed pod).</summary>
    internal async Task StopOperatorAsync(OperatorHost host, int index)
    {
        (CancellationTokenSource stop, Task run) = _operators[index];
        await stop.CancelAsync();
        await run.WaitAsync(Wait, Ct);
        Assert.False(host.IsLeading);
    }

    /// <summary>Starts an operator without leader election, waits for its controller to lead, and applies the default VaultConnection and VaultAuth.</summary>
    internal async Task<SecretController> StartLeadingWithDefaultsAsync(Action<OperatorOptions>? configure = null)
    {
        SecretController controller = await LeadingControllerAsync(StartOperator(configure: configure));
        await ApplyDefaultsAsync();
        return controller;
    }

    /// <summary>Waits for an operator's controller to lead and list everything.</summary>
    internal static async Task<SecretController> LeadingControllerAsync(OperatorHost host)
    {
        var started = new TaskCompletionSource<SecretController>(TaskCreationOptions.RunContinuationsAsynchronously);
        host.StartedLeading += c => started.TrySetResult(c);
        SecretController controller = host.Controller ?? await started.Task.WaitAsync(Wait, Ct);
        await controller.Ready.WaitAsync(Wait, Ct);
        return controller;
    }

    /// <summary>Waits until the object (or its absence, as <see langword="null"/>) satisfies the predicate, on the API server's watch.</summary>
    public async Task<JsonObject?> WaitForAsync(string collectionPath, string name, Func<JsonObject?, bool> predicate)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(Wait);
        string selector = "fieldSelector=" + Uri.EscapeDataString("metadata.name=" + name);
        JsonObject? last = null;
        try
        {
            while (true)
            {
                JsonObject list = (await Api.GetAsync(collectionPath + "?" + selector, timeout.Token))!;
                last = (list["items"] as JsonArray)?.FirstOrDefault() as JsonObject;
                if (predicate(last))
                {
                    return last;
                }

                string rv = (string)list["metadata"]!["resourceVersion"]!;
                await foreach ((string type, JsonObject obj) in Api.WatchAsync($"{collectionPath}?{selector}&watch=1&resourceVersion={rv}", timeout.Token))
                {
                    last = type == "DELETED" ? null : obj;
                    if (predicate(last))
                    {
                        return last;
                    }
                }
            }
        }
        catch (OperationCanceledException) when (!Ct.IsCancellationRequested)
        {
            Assert.Fail($"{collectionPath}/{name} did not reach the expected state within {Wait}; last seen: {last?.ToJsonString() ?? "(absent)"}");
            throw;
        }
    }

    /// <summary>Returns the decoded data of a Secret, or null when it does not exist.</summary>
    public Dictionary<string, string>? SecretData(string ns, string name)
    {
        JsonObject? secret = Kube.GetObject("v1", "secrets", ns, name);
        return secret?["data"] is JsonObject data
            ? data.ToDictionary(p => p.Key, p => Encoding.UTF8.GetString(Convert.FromBase64String((string)p.Value!)))
            : null;
    }

    /// <summary>Counts the API server's writes (POST, PUT, PATCH, DELETE) logged since the last clear.</summary>
    public int KubeWrites() => Kube.RequestLog.Count(e => e.Method is "POST" or "PUT" or "PATCH" or "DELETE");

    public async ValueTask DisposeAsync()
    {
        foreach ((CancellationTokenSource stop, Task run) in _operators)
        {
            await stop.CancelAsync();
            try
            {
                await run.WaitAsync(Wait);
            }
            catch (OperationCanceledException)
            {
            }

            stop.Dispose();
        }

        Api.Dispose();
        await Kube.DisposeAsync();
        await Vault.DisposeAsync();
        Logs.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>The policy of the "web" role: KV and database reads, and revoking its own leases (VaultDynamicSecret revoke: true).</summary>
    public const string WebPolicy = """
        path "secret/data/*" { capabilities = ["read"] }
        path "secret/metadata/*" { capabilities = ["read"] }
        path "database/creds/web" { capabilities = ["read"] }
        path "sys/leases/revoke" { capabilities = ["update"] }
        """;

    private void SetUpVault()
    {
        Vault.SetPolicy("web", WebPolicy);
        Vault.Kubernetes.EnableAuth();
        Vault.Kubernetes.WriteRole("web", new Dictionary<string, object?>
        {
            ["bound_service_account_names"] = "web",
            ["bound_service_account_namespaces"] = AppNamespace,
            ["audience"] = "vault",
            ["token_policies"] = "web",
            ["token_ttl"] = "1h",
            ["token_max_ttl"] = "24h",
        });
        Vault.Database.EnableEngine();
        Vault.Database.WriteRole("web", new Dictionary<string, object?> { ["db_name"] = "postgres", ["creation_statements"] = "CREATE ROLE", ["default_ttl"] = "1h", ["max_ttl"] = "24h" });
        Vault.WriteKvSecret("secret", "web/config", new Dictionary<string, object?> { ["username"] = "app", ["password"] = "s3cr3t-v1" });
        Vault.WriteKvSecret("secret", "web/shared", new Dictionary<string, object?> { ["region"] = "eu-west", ["password"] = "shared-wins" });
    }

    private void SetUpApp()
    {
        Kube.CreateObject(new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "ServiceAccount",
            ["metadata"] = new JsonObject { ["name"] = "web", ["namespace"] = AppNamespace },
        });
        Kube.CreateObject((JsonObject)JsonNode.Parse("""
            {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","namespace":"shop"},
             "spec":{"replicas":1,"selector":{"matchLabels":{"app":"web"}},
             "template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"web","image":"nginx"}]}}}}
            """)!);
    }
}
