// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Linq;
using System.Text.Json.Nodes;

namespace Vault.Kubernetes.Testing.KubernetesApi;

/// <summary>The <c>scale</c> subresource of Deployments and StatefulSets (autoscaling/v1 Scale), which <c>kubectl scale</c> uses.</summary>
internal sealed partial class KubeApiCore
{
    private static bool HasScale(ResourceType type) => type.Group == "apps" && type.Plural is "deployments" or "statefulsets";

    private static JsonObject ScaleOf(StoredObject workload)
    {
        JsonObject metadata = workload.Metadata;
        string selector = string.Join(',', (workload.Node["spec"]?["selector"]?["matchLabels"] as JsonObject ?? [])
            .Select(p => p.Key + "=" + (string?)p.Value));
        return new JsonObject
        {
            ["kind"] = "Scale",
            ["apiVersion"] = "autoscaling/v1",
            ["metadata"] = new JsonObject
            {
                ["name"] = workload.Name,
                ["namespace"] = workload.Namespace,
                ["uid"] = workload.Uid,
                ["resourceVersion"] = workload.ResourceVersion,
                ["creationTimestamp"] = metadata["creationTimestamp"]?.DeepClone(),
            },
            ["spec"] = new JsonObject { ["replicas"] = JsonNumbers.Long(workload.Node["spec"]?["replicas"]) ?? 1 },
            ["status"] = new JsonObject { ["replicas"] = JsonNumbers.Long(workload.Node["status"]?["replicas"]) ?? 0, ["selector"] = selector },
        };
    }

    private ApiResult Scale(ApiRequest request, string name)
    {
        StoredObject workload = Require(request.Type, request.Namespace, name);
        JsonObject current = ScaleOf(workload);
        JsonObject wanted = request.Method switch
        {
            "GET" => current,
            "PUT" => Body(request),
            "PATCH" => request.ContentType.Split(';')[0].Trim() switch
            {
                "application/json-patch+json" => JsonPatch.Apply(current, request.Body!),
                "application/merge-patch+json" or "application/strategic-merge-patch+json" => (JsonObject)MergePatch.Apply(current, request.Body)!,
                string other => throw KubeApiException.UnsupportedMediaType(other),
            },
            _ => throw KubeApiException.MethodNotAllowed("the server does not allow this method on the requested resource"),
        };
        if (ReferenceEquals(wanted, current))
        {
            return ApiResult.Json(200, current);
        }

        long replicas = JsonNumbers.Long(wanted["spec"]?["replicas"]) ?? throw KubeApiException.Invalid("Scale", "autoscaling", name, [FieldError.Required("spec.replicas")]);
        if (replicas < 0)
        {
            throw KubeApiException.Invalid("Scale", "autoscaling", name, [FieldError.InvalidValue("spec.replicas", $"{replicas}: must be greater than or equal to 0")]);
        }

        JsonObject next = workload.Copy();
        ((JsonObject)next["spec"]!)["replicas"] = replicas;
        ((JsonObject)next["metadata"]!)["resourceVersion"] = wanted["metadata"]?["resourceVersion"]?.DeepClone() ?? workload.ResourceVersion;
        StoredObject updated = Update(request.Type, workload, next, null, request.Now, requireVersion: false, request.Write);
        return ApiResult.Json(200, ScaleOf(updated));
    }
}
