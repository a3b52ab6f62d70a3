// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;

namespace Vault.Kubernetes.Testing.Tests.KubernetesApi;

/// <summary>
/// The API server under test: an in-process <see cref="KubernetesDevServer"/>, or the real cluster KUBECONFIG names.
/// Each instance works in a fresh namespace, so conformance tests can run in parallel and against a shared cluster.
/// </summary>
public sealed class KubeCluster : IAsyncDisposable
{
    private KubeCluster(KubernetesDevServer? server, string directory, string kubeconfigPath, string ns)
    {
        Server = server;
        Directory = directory;
        KubeconfigPath = kubeconfigPath;
        Namespace = ns;
        Configuration = KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfigPath);
        Client = new k8s.Kubernetes(Configuration);
        Http = new HttpClient(Handler(Configuration)) { BaseAddress = new Uri(Configuration.Host.TrimEnd('/') + "/"), Timeout = TimeSpan.FromSeconds(30) };
        Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Configuration.AccessToken);
    }

    /// <summary>Gets a value indicating whether tests run against a real cluster (KUBECONFIG is set).</summary>
    public static bool IsRemote => !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("KUBECONFIG"));

    /// <summary>Gets the in-process server, or null against a real cluster.</summary>
    public KubernetesDevServer? Server { get; }

    /// <summary>Gets a per-test temporary directory (kubeconfig, kubectl cache, manifests).</summary>
    public string Directory { get; }

    /// <summary>Gets the kubeconfig path.</summary>
    public string KubeconfigPath { get; }

    /// <summary>Gets the test's own namespace.</summary>
    public string Namespace { get; }

    /// <summary>Gets the client configuration read from the kubeconfig.</summary>
    public KubernetesClientConfiguration Configuration { get; }

    /// <summary>Gets a KubernetesClient for the cluster.</summary>
    public k8s.Kubernetes Client { get; }

    /// <summary>Gets a raw HTTP client with the bearer token, for wire-level assertions.</summary>
    public HttpClient Http { get; }

    /// <summary>Starts a server (or connects to KUBECONFIG's cluster) and creates a fresh namespace.</summary>
    public static async Task<KubeCluster> StartAsync(KubernetesDevServerOptions? options = null)
    {
        string directory = Path.Combine(Path.GetTempPath(), "kube-test-" + Guid.NewGuid().ToString("N")[..12]);
        System.IO.Directory.CreateDirectory(directory);
        string ns = "t-" + Guid.NewGuid().ToString("N")[..10];
        KubeCluster cluster;
        if (IsRemote)
        {
            cluster = new KubeCluster(null, directory, Environment.GetEnvironmentVariable("KUBECONFIG")!, ns);
        }
        else
        {
            KubernetesDevServer server = await KubernetesDevServer.StartAsync(options, TestContext.Current.CancellationToken);
            string path = Path.Combine(directory, "kubeconfig");
            server.WriteKubeconfig(path);
            cluster = new KubeCluster(server, directory, path, ns);
        }

        await cluster.Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = ns } }, cancellationToken: TestContext.Current.CancellationToken);
        return cluster;
    }

    /// <summary>Skips the test when it needs in-process handles (fault injection, a fake clock).</summary>
    public KubernetesDevServer RequireServer() =>
        Server ?? throw new InvalidOperationException(Skip("needs the in-process KubernetesDevServer (not available against a real cluster)"));

    /// <summary>Sends a raw request with a JSON body and returns status and parsed body.</summary>
    public async Task<(int Status, JsonNode? Body)> SendAsync(HttpMethod method, string path, object? body = null, string contentType = "application/json")
    {
        using var request = new HttpRequestMessage(method, path.TrimStart('/'));
        if (body is not null)
        {
            string text = body is JsonNode node ? node.ToJsonString() : body as string ?? System.Text.Json.JsonSerializer.Serialize(body);
            request.Content = new StringContent(text, Encoding.UTF8);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        }

        using HttpResponseMessage response = await Http.SendAsync(request, TestContext.Current.CancellationToken);
        string content = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        return ((int)response.StatusCode, content.Length == 0 || content[0] is not ('{' or '[') ? null : JsonNode.Parse(content));
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Client.CoreV1.DeleteNamespaceAsync(Namespace, cancellationToken: CancellationToken.None);
        }
        catch (k8s.Autorest.HttpOperationException)
        {
            // Already gone, or the server was stopped by the test.
        }

        Client.Dispose();
        Http.Dispose();
        if (Server is not null)
        {
            await Server.DisposeAsync();
        }

        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A kubectl child may still hold its cache; the temp folder is cleaned eventually.
        }
    }

    private static string Skip(string reason)
    {
        Assert.Skip(reason);
        return reason;
    }

    private static SocketsHttpHandler Handler(KubernetesClientConfiguration configuration)
    {
        var handler = new SocketsHttpHandler { UseCookies = false };
        if (configuration.SkipTlsVerify)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
        }
        else if (configuration.SslCaCerts is { Count: > 0 } roots)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = Vault.Kubernetes.Testing.Tls.CustomRootTrust.Callback(roots);
        }

        return handler;
    }
}
