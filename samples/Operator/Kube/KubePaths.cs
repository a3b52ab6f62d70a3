// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

namespace Vault.Kubernetes.Operator.Kube;

/// <summary>REST paths of the resources the operator reads and writes.</summary>
internal static class KubePaths
{
    public const string Group = "secrets.hashicorp.com";
    public const string Version = "v1beta1";
    public const string ApiVersion = Group + "/" + Version;

    public static string Custom(string plural) => $"apis/{ApiVersion}/{plural}";

    public static string Custom(string plural, string ns) => $"apis/{ApiVersion}/namespaces/{ns}/{plural}";

    public static string Custom(string plural, string ns, string name) => $"apis/{ApiVersion}/namespaces/{ns}/{plural}/{name}";

    public static string Secrets(string ns) => $"api/v1/namespaces/{ns}/secrets";

    public static string Secret(string ns, string name) => $"api/v1/namespaces/{ns}/secrets/{name}";

    public static string Events(string ns) => $"api/v1/namespaces/{ns}/events";

    public static string ServiceAccountToken(string ns, string name) => $"api/v1/namespaces/{ns}/serviceaccounts/{name}/token";

    public static string Workload(string kind, string ns, string name) => kind switch
    {
        "Deployment" => $"apis/apps/v1/namespaces/{ns}/deployments/{name}",
        "StatefulSet" => $"apis/apps/v1/namespaces/{ns}/statefulsets/{name}",
        "DaemonSet" => $"apis/apps/v1/namespaces/{ns}/daemonsets/{name}",
        "argo.Rollout" => $"apis/argoproj.io/v1alpha1/namespaces/{ns}/rollouts/{name}",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown rollout restart target kind."),
    };
}
