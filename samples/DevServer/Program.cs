// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Globalization;
using System.Runtime.InteropServices;
using Vault.Kubernetes.Samples.DevServer;
using Vault.Kubernetes.Testing;
using Vault.Kubernetes.Testing.Kubernetes;

// Runs the embedded Vault dev server until Ctrl+C (or SIGTERM); --help lists the switches (DevServerCommandLine.Usage).
//   dotnet run --project samples/DevServer -- --port 8200 [--root-token root] [--tls]
//   ... --k8s-role app --token-volume ./token --db-role app --kv app password=s3cr3t --latency 20ms
// With --kubernetes it also runs the embedded Kubernetes API server, wired to Vault's Kubernetes auth
// (auth/kubernetes reviews login JWTs through its TokenReview), and writes a kubeconfig for kubectl:
//   dotnet run --project samples/DevServer -- --kubernetes [--kubeconfig ./kubeconfig] [--kube-port 6443]
(DevServerSettings? settings, string? error) = DevServerCommandLine.Parse(args);
if (settings is null)
{
    Console.Error.WriteLine(error);
    Console.Error.WriteLine(DevServerCommandLine.Usage);
    return 2;
}

if (settings.Help)
{
    Console.WriteLine(DevServerCommandLine.Usage);
    return 0;
}

var options = new VaultDevServerOptions { UseTls = settings.Tls };
if (settings.Port is int port)
{
    options.Port = port;
}

if (settings.RootToken is { } rootToken)
{
    options.RootTokenId = rootToken;
}

var kubeOptions = new KubernetesDevServerOptions { UseTls = settings.Tls };
if (settings.KubePort is int kubePort)
{
    kubeOptions.Port = kubePort;
}

bool withKubernetes = settings.Kubernetes;
string kubeconfigPath = settings.KubeconfigPath ?? Path.Combine(Directory.GetCurrentDirectory(), "kubeconfig");

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
using PosixSignalRegistration sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    stop.Cancel();
});

VaultDevServer server;
try
{
    server = await VaultDevServer.StartAsync(options, stop.Token);
}
catch (IOException ex)
{
    Console.Error.WriteLine($"Could not listen on 127.0.0.1:{options.Port}: {ex.Message}");
    return 1;
}

await using VaultDevServer running = server;
Console.WriteLine("Vault dev server (Vault.Kubernetes.Testing) is running.");
Console.WriteLine($"  export VAULT_ADDR='{server.Address.ToString().TrimEnd('/')}'");
Console.WriteLine($"  export VAULT_TOKEN='{server.RootToken}'");
Console.WriteLine("  Mounts: secret/ (KV v2), kv/ (KV v1). Press Ctrl+C to stop.");
if (server.CaCertificatePem is { } caPem)
{
    string caPath = Path.Combine(Path.GetTempPath(), $"vault-dev-ca-{server.Address.Port}.pem");
    await File.WriteAllTextAsync(caPath, caPem, CancellationToken.None);
    Console.WriteLine($"  export VAULT_CACERT='{caPath}'");
}

await using ServiceAccountTokenVolume? volume = await DevServerSetup.ApplyAsync(server, settings, Console.Out, stop.Token);

KubernetesDevServer? kube = null;
if (withKubernetes)
{
    kube = await KubernetesDevServer.StartAsync(kubeOptions, stop.Token);
    server.Kubernetes.ConnectToCluster(kube);

    // A demo role, so the printed commands log in end to end.
    server.Kubernetes.WriteRole("app", new Dictionary<string, object?>
    {
        ["bound_service_account_names"] = new[] { "app" },
        ["bound_service_account_namespaces"] = new[] { "default" },
        ["audience"] = "vault",
        ["token_ttl"] = "1h",
    });
    kube.WriteKubeconfig(kubeconfigPath);
    Console.WriteLine("Kubernetes API dev server is running; Vault's auth/kubernetes reviews tokens through it (role \"app\").");
    Console.WriteLine($"  export KUBECONFIG='{kubeconfigPath}'");
    Console.WriteLine("  kubectl create serviceaccount app");
    Console.WriteLine("  vault write auth/kubernetes/login role=app jwt=\"$(kubectl create token app --audience vault)\"");
}

await using KubernetesDevServer? runningKube = kube;
try
{
    await Task.Delay(Timeout.InfiniteTimeSpan, stop.Token);
}
catch (OperationCanceledException) when (stop.IsCancellationRequested)
{
    Console.WriteLine("Stopping.");
}

return 0;
