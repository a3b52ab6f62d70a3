// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Linq;
using System.Text.Json.Nodes;

namespace Vault.Kubernetes.Testing.KubernetesApi;

/// <summary>The Pod create path: built-in admission (service account, token volume), then mutating webhooks (KubeApiCore.Webhooks.cs).</summary>
internal sealed partial class KubeApiCore
{
    private const string ServiceAccountMountPath = "/var/run/secrets/kubernetes.io/serviceaccount";

    private void AdmitPod(JsonObject pod)
    {
        AddServiceAccountVolume(pod);
        CallMutatingWebhooks(pod, Clock.GetUtcNow());
        pod["status"] = new JsonObject { ["phase"] = "Pending", ["qosClass"] = "BestEffort" };
    }

    /// <summary>What the ServiceAccount admission plugin does before any webhook: default account and the projected token volume.</summary>
    private void AddServiceAccountVolume(JsonObject pod)
    {
        string ns = (string)pod["metadata"]!["namespace"]!;
        string name = (string?)pod["metadata"]!["name"] ?? string.Empty;
        JsonObject spec = pod["spec"] as JsonObject ?? [];
        pod["spec"] = spec;
        string account = (string?)spec["serviceAccountName"] ?? "default";
        spec["serviceAccountName"] = account;
        StoredObject serviceAccount = Store.Get(FindBuiltIn("serviceaccounts"), ns, account)
            ?? throw new KubeApiException(403, "Forbidden", $"pods \"{name}\" is forbidden: error looking up service account {ns}/{account}: serviceaccount \"{account}\" not found");
        bool automount = spec["automountServiceAccountToken"]?.GetValue<bool>() ?? serviceAccount.Node["automountServiceAccountToken"]?.GetValue<bool>() ?? true;
        if (!automount)
        {
            return;
        }

        string volumeName = "kube-api-access-" + RandomSuffix();
        JsonArray volumes = spec["volumes"] as JsonArray ?? [];
        spec["volumes"] = volumes;
        volumes.Add(JsonNode.Parse($$$"""
            {"name":"{{{volumeName}}}","projected":{"defaultMode":420,"sources":[
              {"serviceAccountToken":{"expirationSeconds":3607,"path":"token"}},
              {"configMap":{"name":"kube-root-ca.crt","items":[{"key":"ca.crt","path":"ca.crt"}]}},
              {"downwardAPI":{"items":[{"path":"namespace","fieldRef":{"apiVersion":"v1","fieldPath":"metadata.namespace"}}]}}]}}
            """));
        foreach (string list in (string[])["initContainers", "containers"])
        {
            foreach (JsonObject container in (spec[list] as JsonArray ?? []).OfType<JsonObject>())
            {
                JsonArray mounts = container["volumeMounts"] as JsonArray ?? [];
                container["volumeMounts"] = mounts;
                if (!mounts.Any(m => (string?)m?["mountPath"] == ServiceAccountMountPath))
                {
                    mounts.Add(new JsonObject { ["name"] = volumeName, ["readOnly"] = true, ["mountPath"] = ServiceAccountMountPath });
                }
            }
        }
    }
}
