// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

namespace Vault.Kubernetes.Injector.Admission;

/// <summary>Names and paths the injector gives the pod; container, volume and status names follow vault-k8s so its tooling recognises them.</summary>
internal static class AgentNames
{
    public const string InitContainer = "vault-agent-init";
    public const string Sidecar = "vault-agent";
    public const string SecretsVolume = "vault-secrets";
    public const string HomeInitVolume = "home-init";
    public const string HomeSidecarVolume = "home-sidecar";
    public const string HomePath = "/home/vault";

    // The persistent cache init leaves to the sidecar (token and leases), in memory, mounted in the agent's containers only.
    public const string CacheVolume = "vault-agent-cache";
    public const string CachePath = "/vault/agent-cache";

    // vault-k8s hands the agent a base64 config; our agent reads the annotations through the downward API instead.
    public const string PodInfoVolume = "vault-podinfo";
    public const string PodInfoPath = "/vault/podinfo";
    public const string AnnotationsFile = "annotations";
    public const string Injected = "injected";
    public const string DefaultServiceAccountPath = "/var/run/secrets/kubernetes.io/serviceaccount";
}
