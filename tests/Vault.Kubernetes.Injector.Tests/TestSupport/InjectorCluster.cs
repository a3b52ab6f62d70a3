// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Vault.Kubernetes.Injector.Hosting;
using Vault.Kubernetes.Testing;

namespace Vault.Kubernetes.Injector.Tests.TestSupport;

/// <summary>The whole path: the injector host on a loopback HTTPS port, a KubernetesDevServer that calls it, and the real kubectl.</summary>
internal sealed class InjectorCluster : IAsyncDisposable
{
    private readonly WebApplication _injector;
    private readonly string _directory;

    private InjectorCluster(WebApplication injector, KubernetesDevServer server, string directory, WebhookCertificates certificates)
    {
        _injector = injector;
        _directory = directory;
        Server = server;
        Certificates = certificates;
    }

    public KubernetesDevServer Server { get; }

    public string Directory => _directory;

    private string KubeconfigPath => Path.Combine(_directory, "kubeconfig");

    private static string? KubectlPath { get; } = (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin").Split(Path.PathSeparator)
        .Append("/usr/bin").Select(d => Path.Combine(d, "kubectl")).FirstOrDefault(File.Exists);

    public WebhookCertificates Certificates { get; }

    public static void RequireKubectl()
    {
        Assert.SkipWhen(KubectlPath is null, "kubectl is not installed (PATH, /usr/bin): the end-to-end injector tests run the real kubectl against KubernetesDevServer.");
    }

    /// <param name="failureMode">The injector's failure mode.</param>
    /// <param name="vaultAddress">The Vault address the injector hands the agent (VAULT_ADDR).</param>
    /// <param name="tokenIssuer">The issuer of service-account tokens that Vault's Kubernetes auth trusts.</param>
    public static async Task<InjectorCluster> StartAsync(string failureMode = "Deny", Uri? vaultAddress = null, Vault.Kubernetes.Testing.Kubernetes.ServiceAccountTokenIssuer? tokenIssuer = null)
    {
        string directory = Path.Combine(Path.GetTempPath(), "injector-e2e-" + Guid.NewGuid().ToString("N")[..12]);
        System.IO.Directory.CreateDirectory(directory);
        WebhookCertificates certificates = WebhookCertificates.Create(directory);
        WebApplication injector = InjectorHost.Build([], builder => builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Injector:TlsCertFile"] = certificates.CertFile,
            ["Injector:TlsKeyFile"] = certificates.KeyFile,
            ["Injector:Port"] = "0",
            ["Injector:AgentImage"] = "vault-agent-dotnet:test",
            ["Injector:FailureMode"] = failureMode,
            ["Injector:VaultAddress"] = vaultAddress?.GetLeftPart(UriPartial.Authority),
        }));
        await injector.StartAsync(TestContext.Current.CancellationToken);
        string bound = injector.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        int port = new Uri(bound.Replace("[::]", "localhost", StringComparison.Ordinal).Replace("0.0.0.0", "localhost", StringComparison.Ordinal)).Port;

        var options = new KubernetesDevServerOptions
        {
            // The Service reference becomes the loopback port; TLS is still checked against caBundle and the Service name.
            TokenIssuer = tokenIssuer,
            WebhookAddressMap = uri => uri.Host == WebhookCertificates.ServiceHost && uri.Port == 443 ? new UriBuilder(uri) { Host = "127.0.0.1", Port = port }.Uri : uri,
        };
        KubernetesDevServer server = await KubernetesDevServer.StartAsync(options, TestContext.Current.CancellationToken);
        var cluster = new InjectorCluster(injector, server, directory, certificates);
        server.WriteKubeconfig(cluster.KubeconfigPath);
        return cluster;
    }

    /// <summary>The MutatingWebhookConfiguration as in samples/Injector/deploy, with this run's caBundle.</summary>
    public string WebhookConfiguration(string failurePolicy = "Fail", int? servicePort = null) => $$"""
        apiVersion: admissionregistration.k8s.io/v1
        kind: MutatingWebhookConfiguration
        metadata:
          name: vault-injector-dotnet
        webhooks:
          - name: vault.hashicorp.com
            admissionReviewVersions: ["v1"]
            sideEffects: None
            failurePolicy: {{failurePolicy}}
            timeoutSeconds: 10
            clientConfig:
              caBundle: {{Convert.ToBase64String(Encoding.UTF8.GetBytes(Certificates.CaPem))}}
              service:
                name: vault-injector
                namespace: vault
                path: /mutate
                port: {{servicePort ?? 443}}
            rules:
              - operations: ["CREATE"]
                apiGroups: [""]
                apiVersions: ["v1"]
                resources: ["pods"]
            namespaceSelector:
              matchExpressions:
                - { key: kubernetes.io/metadata.name, operator: NotIn, values: [kube-system, kube-public] }
            objectSelector:
              matchExpressions:
                - { key: app.kubernetes.io/name, operator: NotIn, values: [vault-injector] }
        """;

    /// <summary>Runs kubectl with stdin (a manifest) to completion; the tests assert on stored objects, not exit codes.</summary>
    public async Task<(int ExitCode, string Stdout, string Stderr)> KubectlAsync(string args, string stdin)
    {
        var info = new ProcessStartInfo(KubectlPath!) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        info.ArgumentList.Add("--kubeconfig=" + KubeconfigPath);
        foreach (string arg in args.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            info.ArgumentList.Add(arg);
        }

        // kubectl caches discovery for hours; each run gets its own cache.
        info.Environment["KUBECACHEDIR"] = Path.Combine(_directory, "kube-cache");
        info.Environment.Remove("KUBECONFIG");
        using Process process = Process.Start(info)!;
        await process.StandardInput.WriteAsync(stdin);
        process.StandardInput.Close();
        Task<string> stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        Task<string> stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }

    public JsonObject? Pod(string name) => Server.GetObject("v1", "pods", "default", name);

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        await _injector.StopAsync(TestContext.Current.CancellationToken);
        await _injector.DisposeAsync();
        System.IO.Directory.Delete(_directory, recursive: true);
    }
}
