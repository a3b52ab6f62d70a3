// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using Vault.Kubernetes.Testing;
using Vault.Kubernetes.Testing.Kubernetes;

namespace QuickStart;

/// <summary>
/// Stands in for a cluster and a Vault when no VAULT_ADDR is given: the embedded dev server with Kubernetes auth, a kubelet-style
/// token volume with a rotating service-account token, a KV secret and a database role with short TTLs, so a renewal and a
/// rotation happen within seconds.
/// </summary>
internal sealed class DevEnvironment : IAsyncDisposable
{
    private DevEnvironment(VaultDevServer server, ServiceAccountTokenVolume volume, string directory)
    {
        Server = server;
        Volume = volume;
        Directory = directory;
    }

    public VaultDevServer Server { get; }

    public ServiceAccountTokenVolume Volume { get; }

    public string Directory { get; }

    public static async Task<DevEnvironment> StartAsync(CancellationToken cancellationToken)
    {
        VaultDevServer server = await VaultDevServer.StartAsync(cancellationToken: cancellationToken);
        server.SetPolicy("quickstart", """
            path "secret/data/quickstart" { capabilities = ["read"] }
            path "secret/metadata/quickstart" { capabilities = ["read"] }
            path "database/creds/quickstart" { capabilities = ["read"] }
            """);
        server.Kubernetes.EnableAuth();
        server.Kubernetes.WriteRole("quickstart", new Dictionary<string, object?>
        {
            ["bound_service_account_names"] = "quickstart",
            ["bound_service_account_namespaces"] = "default",
            ["token_policies"] = "quickstart",
            ["token_ttl"] = "30s",
            ["token_max_ttl"] = "1m",
        });
        server.Database.EnableEngine();
        server.Database.WriteRole("quickstart", new Dictionary<string, object?>
        {
            ["db_name"] = "postgres",
            ["creation_statements"] = "CREATE ROLE \"{{name}}\" WITH LOGIN PASSWORD '{{password}}';",
            ["default_ttl"] = "6s",
            ["max_ttl"] = "12s",
        });
        server.WriteKvSecret("secret", "quickstart", new Dictionary<string, object?> { ["Greeting"] = "hello from Vault", ["ApiKey"] = "qs-api-key-v1-" + Guid.NewGuid().ToString("N")[..8] });

        string directory = Path.Combine(Path.GetTempPath(), "vault-kubernetes-quickstart-" + Guid.NewGuid().ToString("N")[..8]);
        ServiceAccountTokenVolume volume = await server.Kubernetes.CreateTokenVolumeAsync(directory, "default", "quickstart", lifetime: TimeSpan.FromMinutes(10), cancellationToken: cancellationToken);
        return new DevEnvironment(server, volume, directory);
    }

    public Dictionary<string, string?> Settings() => new()
    {
        ["Vault:Address"] = Server.Address.ToString(),
        ["Vault:Kubernetes:TokenPath"] = Volume.TokenPath,
        ["Vault:RefreshInterval"] = "00:00:02",
    };

    public async ValueTask DisposeAsync()
    {
        await Volume.DisposeAsync();
        await Server.DisposeAsync();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
