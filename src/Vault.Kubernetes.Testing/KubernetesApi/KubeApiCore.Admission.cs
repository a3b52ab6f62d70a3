// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Linq;
using System.Text.Json.Nodes;

namespace Vault.Kubernetes.Testing.KubernetesApi;

/// <summary>The Pod create path: built-in admission (service account, token volume), then mutating webhooks.</summary>
internal sealed partial class KubeApiCore
{
    private const string ServiceAccountMountPath = "/var/run/secrets/kubernetes.io/serviceaccount";

    private void AdmitPod(JsonObject pod)
    {
        AddServiceAccountVolume(pod);
        CallMutatingWebhooks(pod);
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

    /// <summary>
    /// The seam for MutatingWebhookConfigurations: this is where matching webhooks will be called over HTTPS with an
    /// AdmissionReview and their JSON patches applied (the injector issue's part). Until then a matching webhook is
    /// treated as unreachable, as the API server treats a webhook it cannot call: with <c>failurePolicy: Ignore</c> the
    /// Pod is admitted unchanged, otherwise the create fails with the API server's "failed calling webhook" error.
    /// </summary>
    private void CallMutatingWebhooks(JsonObject pod)
    {
        ResourceType configurations = FindBuiltIn("mutatingwebhookconfigurations", "admissionregistration.k8s.io");
        foreach (StoredObject configuration in Store.List(configurations, null).Select(p => p.Value))
        {
            foreach (JsonObject webhook in (configuration.Node["webhooks"] as JsonArray ?? []).OfType<JsonObject>())
            {
                if (!MatchesPodCreate(webhook) || (string?)webhook["failurePolicy"] == "Ignore")
                {
                    continue;
                }

                string name = (string?)webhook["name"] ?? string.Empty;
                throw new KubeApiException(500, "InternalError", $"Internal error occurred: failed calling webhook \"{name}\": this dev server does not call admission webhooks yet (pod {(string?)pod["metadata"]?["name"]})");
            }
        }
    }

    /// <summary>Whether a webhook's rules select CREATE of core/v1 pods ("*" matches anything).</summary>
    private static bool MatchesPodCreate(JsonObject webhook) =>
        (webhook["rules"] as JsonArray ?? []).OfType<JsonObject>().Any(rule =>
            Lists(rule["operations"], "CREATE") && Lists(rule["apiGroups"], string.Empty) && Lists(rule["apiVersions"], "v1") && Lists(rule["resources"], "pods"));

    private static bool Lists(JsonNode? values, string wanted) =>
        (values as JsonArray ?? []).Select(v => (string?)v).Any(v => v == "*" || v == wanted);
}
