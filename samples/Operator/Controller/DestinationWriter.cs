// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Text.Json.Nodes;
using Vault.Kubernetes.Operator.Kube;
using Vault.Kubernetes.Operator.Resources;

namespace Vault.Kubernetes.Operator.Controller;

/// <summary>Writes a destination Secret in one API call: created and owned (labels + ownerReference) with <c>create: true</c>, only its data replaced otherwise.</summary>
internal sealed class DestinationWriter
{
    public const string ManagedByLabel = "app.kubernetes.io/managed-by";
    public const string ManagedByValue = "hashicorp-vso";
    public const string OwnerUidLabel = "secrets.hashicorp.com/vso-ownerRefUID";

    /// <summary>The label selector of the Secrets the operator owns; the only Secrets it watches.</summary>
    public const string OwnedSelector = ManagedByLabel + "=" + ManagedByValue;

    private readonly KubeApiClient _api;

    public DestinationWriter(KubeApiClient api)
    {
        _api = api;
    }

    /// <summary>Writes the data; throws <see cref="InvalidOperationException"/> with the reason when the Secret may not be written.</summary>
    public async Task WriteAsync(SyncResource resource, IReadOnlyDictionary<string, string> data, CancellationToken cancellationToken)
    {
        Destination destination = resource.Destination;
        for (int attempt = 0; ; attempt++)
        {
            JsonObject? existing = await _api.GetAsync(KubePaths.Secret(resource.Namespace, destination.Name), cancellationToken).ConfigureAwait(false);
            try
            {
                if (existing is null)
                {
                    if (!destination.Create)
                    {
                        throw new InvalidOperationException($"Secret {resource.Namespace}/{destination.Name} does not exist and spec.destination.create is false.");
                    }

                    await _api.CreateAsync(KubePaths.Secrets(resource.Namespace), Owned(resource, data, null), cancellationToken).ConfigureAwait(false);
                    return;
                }

                bool owned = KubeObject.Label(existing, OwnerUidLabel) == resource.Uid;
                JsonObject body;
                if (destination.Create)
                {
                    if (!owned && !destination.Overwrite)
                    {
                        throw new InvalidOperationException(
                            $"Secret {resource.Namespace}/{destination.Name} exists and is not owned by this resource; set spec.destination.overwrite to adopt it.");
                    }

                    body = Owned(resource, data, (string?)existing["metadata"]?["resourceVersion"]);
                }
                else
                {
                    // Not ours: replace the data only, keep everything else as the owner left it.
                    existing["data"] = SecretData.ToJson(data);
                    existing.Remove("stringData");
                    body = existing;
                }

                await _api.ReplaceAsync(KubePaths.Secret(resource.Namespace, destination.Name), body, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (KubeApiException ex) when (attempt < 2 && ex.StatusCode is 409)
            {
                // Someone changed or created it between our read and write: read again.
            }
        }
    }

    private static JsonObject Owned(SyncResource resource, IReadOnlyDictionary<string, string> data, string? resourceVersion)
    {
        Destination destination = resource.Destination;
        var labels = new JsonObject();
        foreach (KeyValuePair<string, string> pair in destination.Labels)
        {
            labels[pair.Key] = pair.Value;
        }

        // The owner labels override the user's, as VSO's do: they are how ownership is checked.
        labels[ManagedByLabel] = ManagedByValue;
        labels["app.kubernetes.io/name"] = "vault-secrets-operator";
        labels["app.kubernetes.io/component"] = "secret-sync";
        labels[OwnerUidLabel] = resource.Uid;
        var annotations = new JsonObject();
        foreach (KeyValuePair<string, string> pair in destination.Annotations)
        {
            annotations[pair.Key] = pair.Value;
        }

        var metadata = new JsonObject
        {
            ["name"] = destination.Name,
            ["namespace"] = resource.Namespace,
            ["labels"] = labels,
            ["annotations"] = annotations,
            ["ownerReferences"] = new JsonArray(new JsonObject
            {
                ["apiVersion"] = KubePaths.ApiVersion,
                ["kind"] = resource.Kind.Kind,
                ["name"] = resource.Name,
                ["uid"] = resource.Uid,
            }),
        };
        if (resourceVersion is not null)
        {
            metadata["resourceVersion"] = resourceVersion;
        }

        return new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Secret",
            ["metadata"] = metadata,
            ["type"] = destination.Type,
            ["data"] = SecretData.ToJson(data),
        };
    }
}
