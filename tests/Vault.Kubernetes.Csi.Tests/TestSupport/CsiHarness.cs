// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Net.Sockets;
using System.Text.Json;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using Vault.Kubernetes.Csi.Hosting;
using Vault.Kubernetes.Csi.Protocol;
using Vault.Kubernetes.Sync;
using Vault.Kubernetes.Testing;

namespace Vault.Kubernetes.Csi.Tests.TestSupport;

/// <summary>
/// The provider as the driver sees it: the host on a Unix socket in a temp directory, a real gRPC client dialling it, and a
/// <see cref="VaultDevServer"/> with Kubernetes auth (roles for two service accounts), KV v2 and a database role.
/// </summary>
internal sealed class CsiHarness : IAsyncDisposable
{
    public static readonly string[] SecretValues = ["kv-one", "kv-two"];

    private readonly DirectoryInfo _directory;
    private ILoggerFactory _loggerFactory = null!;
    private WebApplication _app = null!;
    private GrpcChannel _channel = null!;

    private CsiHarness()
    {
        _directory = Directory.CreateTempSubdirectory("vault-csi-");
        SocketPath = Path.Join(_directory.FullName, "vault.sock");
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero));

    public FakeLogCollector Logs { get; } = new();

    public VaultDevServer Server { get; private set; } = null!;

    public CSIDriverProvider.CSIDriverProviderClient Client { get; private set; } = null!;

    public SecretSyncEngine Engine => (SecretSyncEngine)_app.Services.GetService(typeof(SecretSyncEngine))!;

    public string SocketPath { get; }

    public static async Task<CsiHarness> StartAsync(CancellationToken cancellationToken)
    {
        var harness = new CsiHarness();
        await harness.InitializeAsync(cancellationToken);
        return harness;
    }

    /// <summary>Builds the attributes JSON the driver sends for a pod, with its token keyed by audience.</summary>
    public string Attributes(string serviceAccount, string podUid, string objectsYaml, string role = "app", Action<Dictionary<string, string>>? adjust = null, string? token = null)
    {
        var tokens = new Dictionary<string, Dictionary<string, string>>
        {
            ["vault"] = new()
            {
                ["token"] = token ?? Server.Kubernetes.IssueToken("shop", serviceAccount, ["vault"]),
                ["expirationTimestamp"] = Time.GetUtcNow().AddHours(1).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
            },
        };
        var attributes = new Dictionary<string, string>
        {
            ["roleName"] = role,
            ["vaultAddress"] = Server.Address.ToString(),
            ["objects"] = objectsYaml,
            ["secretProviderClass"] = "web",
            ["csi.storage.k8s.io/pod.name"] = "web-" + podUid,
            ["csi.storage.k8s.io/pod.namespace"] = "shop",
            ["csi.storage.k8s.io/pod.uid"] = podUid,
            ["csi.storage.k8s.io/serviceAccount.name"] = serviceAccount,
            ["csi.storage.k8s.io/ephemeral"] = "true",
            ["csi.storage.k8s.io/serviceAccount.tokens"] = JsonSerializer.Serialize(tokens),
        };
        adjust?.Invoke(attributes);
        return JsonSerializer.Serialize(attributes);
    }

    public MountRequest Request(string attributes, string podUid, params ObjectVersion[] current)
    {
        var request = new MountRequest
        {
            Attributes = attributes,
            Secrets = "null",
            Permission = "420",
            TargetPath = $"/var/lib/kubelet/pods/{podUid}/volumes/kubernetes.io~csi/secrets/mount",
        };
        request.CurrentObjectVersion.Add(current);
        return request;
    }

    public int Count(string pathPart) => Server.RequestLog.Count(entry => entry.Path.Contains(pathPart, StringComparison.Ordinal));

    public async ValueTask DisposeAsync()
    {
        _channel?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        if (Server is not null)
        {
            await Server.DisposeAsync();
        }

        _loggerFactory?.Dispose();
        _directory.Delete(recursive: true);
    }

    private async Task InitializeAsync(CancellationToken cancellationToken)
    {
        _loggerFactory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(new FakeLoggerProvider(Logs)));
        Server = await VaultDevServer.StartAsync(new VaultDevServerOptions { TimeProvider = Time }, cancellationToken);
        Server.SetPolicy("app", """
            path "secret/*" { capabilities = ["read", "list"] }
            path "database/creds/*" { capabilities = ["read"] }
            path "sys/leases/*" { capabilities = ["update"] }
            """);
        Server.Kubernetes.EnableAuth();
        Server.Kubernetes.WriteRole("app", new Dictionary<string, object?>
        {
            ["bound_service_account_names"] = new[] { "app", "worker" },
            ["bound_service_account_namespaces"] = new[] { "shop" },
            ["token_policies"] = new[] { "app" },
            ["token_ttl"] = 3600,
        });
        Server.Database.EnableEngine();
        Server.Database.WriteRole("ro", new Dictionary<string, object?>
        {
            ["db_name"] = "pg",
            ["creation_statements"] = new[] { "CREATE ROLE \"{{name}}\" WITH LOGIN PASSWORD '{{password}}';" },
            ["default_ttl"] = 3600,
            ["max_ttl"] = 86400,
        });
        Server.WriteKvSecret("secret", "app", new Dictionary<string, object?> { ["apiKey"] = SecretValues[0], ["region"] = "eu" });
        Server.WriteKvSecret("secret", "other", new Dictionary<string, object?> { ["token"] = SecretValues[1] });

        var options = new CsiProviderOptions { SocketPath = SocketPath, VersionKey = new byte[32] };
        _app = CsiProviderHost.Build(options, _loggerFactory, Time);
        await _app.StartAsync(cancellationToken);
        CsiProviderHost.RestrictSocket(options);

        // The driver dials "unix:<path>"; .NET's client does the same through a connect callback (authority localhost).
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, ct) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    await socket.ConnectAsync(new UnixDomainSocketEndPoint(SocketPath), ct);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        _channel = GrpcChannel.ForAddress("http://localhost", new GrpcChannelOptions { HttpHandler = handler });
        Client = new CSIDriverProvider.CSIDriverProviderClient(_channel);
    }
}
