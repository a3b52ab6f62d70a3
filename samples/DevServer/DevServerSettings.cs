// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

namespace Vault.Kubernetes.Samples.DevServer;

/// <summary>What the command line asked the dev server to stand up.</summary>
internal sealed record DevServerSettings
{
    public int? Port { get; init; }

    public string? RootToken { get; init; }

    public bool Tls { get; init; }

    public bool Kubernetes { get; init; }

    public string? KubeconfigPath { get; init; }

    public int? KubePort { get; init; }

    /// <summary>Gets the Kubernetes auth role to create (auth/kubernetes enabled against the dev server's own token issuer).</summary>
    public string? KubernetesRole { get; init; }

    public string ServiceAccountNamespace { get; init; } = "default";

    public string ServiceAccountName { get; init; } = "app";

    /// <summary>Gets the folder of the rotating service-account token volume (the file the agent and QuickStart log in with).</summary>
    public string? TokenVolume { get; init; }

    public string? DatabaseRole { get; init; }

    public TimeSpan Latency { get; init; }

    public IReadOnlyList<(string Path, IReadOnlyDictionary<string, object?> Data)> KvSecrets { get; init; } = [];

    public bool Help { get; init; }
}
