// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using Vault.Kubernetes.Testing;
using Vault.Kubernetes.Testing.Kubernetes;

namespace Vault.Kubernetes.Samples.DevServer;

/// <summary>Stands up on a started dev server what the command line asked for, and prints how to use it.</summary>
internal static class DevServerSetup
{
    /// <summary>The policy the Kubernetes role grants: what the samples read.</summary>
    public const string PolicyName = "dev-app";

    /// <summary>Applies <paramref name="settings"/> to <paramref name="server"/>.</summary>
    /// <returns>The token volume when one was asked for (dispose it to stop rotating and delete the token).</returns>
    public static async Task<ServiceAccountTokenVolume?> ApplyAsync(VaultDevServer server, DevServerSettings settings, TextWriter output, CancellationToken cancellationToken)
    {
        if (settings.Latency > TimeSpan.Zero)
        {
            server.Faults.SetLatency(settings.Latency);
            output.WriteLine($"  Every request is delayed by {settings.Latency.TotalMilliseconds} ms.");
        }

        foreach ((string path, IReadOnlyDictionary<string, object?> data) in settings.KvSecrets)
        {
            server.WriteKvSecret("secret", path, data);
            output.WriteLine($"  KV v2 secret secret/{path}: {string.Join(", ", data.Keys)}");
        }

        if (settings.DatabaseRole is { } dbRole)
        {
            server.Database.EnableEngine();
            server.Database.WriteRole(dbRole, new Dictionary<string, object?>
            {
                ["db_name"] = "postgres",
                ["creation_statements"] = "CREATE ROLE",
                ["default_ttl"] = "1h",
                ["max_ttl"] = "24h",
            });
            output.WriteLine($"  Database role: database/creds/{dbRole} (1 h leases, 24 h max)");
        }

        if (settings.KubernetesRole is not { } role)
        {
            return null;
        }

        server.SetPolicy(PolicyName, """path "secret/*" { capabilities = ["read", "list"] } path "database/creds/*" { capabilities = ["read"] }""");
        server.Kubernetes.EnableAuth();
        server.Kubernetes.WriteRole(role, new Dictionary<string, object?>
        {
            ["bound_service_account_names"] = settings.ServiceAccountName,
            ["bound_service_account_namespaces"] = settings.ServiceAccountNamespace,
            ["token_policies"] = PolicyName,
            ["token_ttl"] = "1h",
        });
        output.WriteLine($"  auth/kubernetes role '{role}' for {settings.ServiceAccountNamespace}/{settings.ServiceAccountName} (policy {PolicyName}: read secret/*, database/creds/*)");
        if (settings.TokenVolume is not { } directory)
        {
            return null;
        }

        ServiceAccountTokenVolume volume = await server.Kubernetes.CreateTokenVolumeAsync(
            directory, settings.ServiceAccountNamespace, settings.ServiceAccountName, cancellationToken: cancellationToken);
        output.WriteLine($"  Projected service-account token (rotated like the kubelet does): {volume.TokenPath}");
        output.WriteLine($"  Agent: dotnet run --project samples/Agent -- --mode init --annotations <file> --vault-addr {server.Address.ToString().TrimEnd('/')}");
        output.WriteLine($"         where <file> holds vault.hashicorp.com/role=\"{role}\" and vault.hashicorp.com/auth-config-token-path=\"{volume.TokenPath}\"");
        return volume;
    }
}
