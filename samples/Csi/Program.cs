// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using Vault.Kubernetes.Csi.Diagnostics;
using Vault.Kubernetes.Csi.Hosting;

var options = new CsiProviderOptions { VaultAddress = Environment.GetEnvironmentVariable("VAULT_ADDR") };
foreach (string arg in args)
{
    string[] pair = arg.TrimStart('-').Split('=', 2);
    string value = pair.Length == 2 ? pair[1] : string.Empty;
    switch (pair[0])
    {
        case "endpoint":
            options.SocketPath = value;
            break;
        case "vault-addr":
            options.VaultAddress = value;
            break;
        case "vault-mount":
            options.AuthMountPath = value;
            break;
        case "hmac-key-file":
            // A fixed key keeps object versions stable across provider restarts (no spurious rotation events).
            options.VersionKey = File.ReadAllBytes(value);
            break;
        default:
            Console.Error.WriteLine($"Unknown argument '{pair[0]}'. Usage: vault-csi-provider-dotnet [--endpoint=/var/run/secrets-store-csi-providers/vault.sock] [--vault-addr=https://vault:8200] [--vault-mount=kubernetes] [--hmac-key-file=/etc/vault-csi/key]");
            return 2;
    }
}

using ILoggerFactory loggerFactory = LoggerFactory.Create(logging => logging.AddSimpleConsole(console => console.SingleLine = true));
await using WebApplication app = CsiProviderHost.Build(options, loggerFactory);
await app.StartAsync();
CsiProviderHost.RestrictSocket(options);
loggerFactory.CreateLogger("Vault.Kubernetes.Csi").Listening(options.SocketPath);
await app.WaitForShutdownAsync();
return 0;
