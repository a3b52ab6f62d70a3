// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Text;
using System.Text.Json.Nodes;

namespace Vault.Kubernetes.Injector.Tests.TestSupport;

/// <summary>Pods and AdmissionReviews as the API server sends them (after the ServiceAccount admission plugin added the token volume).</summary>
internal static class Pods
{
    public static JsonObject Pod(Dictionary<string, string>? annotations = null, bool initContainer = false)
    {
        var metadata = new JsonObject { ["name"] = "app", ["namespace"] = "shop" };
        if (annotations is not null)
        {
            var map = new JsonObject();
            foreach ((string key, string value) in annotations)
            {
                map[key] = value;
            }

            metadata["annotations"] = map;
        }

        var spec = new JsonObject
        {
            ["serviceAccountName"] = "app",
            ["volumes"] = new JsonArray((JsonNode)new JsonObject
            {
                ["name"] = "kube-api-access-abcde",
                ["projected"] = new JsonObject { ["sources"] = new JsonArray((JsonNode)new JsonObject { ["serviceAccountToken"] = new JsonObject { ["path"] = "token" } }) },
            }),
            ["containers"] = new JsonArray(
                (JsonNode)new JsonObject
                {
                    ["name"] = "app",
                    ["image"] = "busybox:1.37",
                    ["volumeMounts"] = new JsonArray((JsonNode)new JsonObject
                    {
                        ["name"] = "kube-api-access-abcde",
                        ["mountPath"] = "/var/run/secrets/kubernetes.io/serviceaccount",
                        ["readOnly"] = true,
                    }),
                },
                new JsonObject { ["name"] = "helper", ["image"] = "busybox:1.37" }),
        };
        if (initContainer)
        {
            spec["initContainers"] = new JsonArray((JsonNode)new JsonObject { ["name"] = "migrate", ["image"] = "busybox:1.37" });
        }

        return new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Pod", ["metadata"] = metadata, ["spec"] = spec };
    }

    public static Dictionary<string, string> Asking(params (string Name, string Value)[] extra)
    {
        var annotations = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["vault.hashicorp.com/agent-inject"] = "true",
            ["vault.hashicorp.com/role"] = "app",
            ["vault.hashicorp.com/agent-inject-secret-config"] = "secret/data/app",
        };
        foreach ((string name, string value) in extra)
        {
            annotations["vault.hashicorp.com/" + name] = value;
        }

        return annotations;
    }

    public static byte[] Review(JsonObject pod, string uid = "705ab4f5-6393-11e8-b7cc-42010a800002", string ns = "shop") =>
        Encoding.UTF8.GetBytes(new JsonObject
        {
            ["apiVersion"] = "admission.k8s.io/v1",
            ["kind"] = "AdmissionReview",
            ["request"] = new JsonObject
            {
                ["uid"] = uid,
                ["kind"] = new JsonObject { ["group"] = "", ["version"] = "v1", ["kind"] = "Pod" },
                ["resource"] = new JsonObject { ["group"] = "", ["version"] = "v1", ["resource"] = "pods" },
                ["name"] = "app",
                ["namespace"] = ns,
                ["operation"] = "CREATE",
                ["userInfo"] = new JsonObject { ["username"] = "kubernetes-admin" },
                ["object"] = pod,
                ["oldObject"] = null,
                ["dryRun"] = false,
            },
        }.ToJsonString());
}
