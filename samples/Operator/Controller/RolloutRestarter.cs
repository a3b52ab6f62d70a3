// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Globalization;
using System.Text.Json.Nodes;
using Vault.Kubernetes.Operator.Kube;
using Vault.Kubernetes.Operator.Resources;

namespace Vault.Kubernetes.Operator.Controller;

/// <summary>Requests a rollout restart the way kubectl and VSO do: a pod-template annotation (strategic merge patch), or <c>spec.restartAt</c> for an Argo Rollout.</summary>
internal sealed class RolloutRestarter
{
    public const string RestartedAtAnnotation = "vso.secrets.hashicorp.com/restartedAt";
    private readonly KubeApiClient _api;
    private readonly TimeProvider _time;

    public RolloutRestarter(KubeApiClient api, TimeProvider time)
    {
        _api = api;
        _time = time;
    }

    public Task RestartAsync(string ns, RolloutTarget target, CancellationToken cancellationToken)
    {
        string now = _time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        string path = KubePaths.Workload(target.Kind, ns, target.Name);
        if (target.Kind == "argo.Rollout")
        {
            return _api.PatchAsync(path, new JsonObject { ["spec"] = new JsonObject { ["restartAt"] = now } }, cancellationToken);
        }

        var patch = new JsonObject
        {
            ["spec"] = new JsonObject
            {
                ["template"] = new JsonObject
                {
                    ["metadata"] = new JsonObject { ["annotations"] = new JsonObject { [RestartedAtAnnotation] = now } },
                },
            },
        };
        return _api.PatchAsync(path, patch, cancellationToken, "application/strategic-merge-patch+json");
    }
}
