// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Text.Json.Nodes;
using Vault.Kubernetes.Annotations;

namespace Vault.Kubernetes.Injector.Admission;

/// <summary>Decides whether a pod gets the agent and builds the JSON patch that adds it, as vault-k8s shapes the pod.</summary>
internal sealed class PodMutator
{
    private const string StatusAnnotation = SettingNames.AnnotationPrefix + SettingNames.InjectStatus;
    private readonly InjectorOptions _options;

    public PodMutator(InjectorOptions options) => _options = options;

    /// <summary>Mutates one pod.</summary>
    /// <param name="pod">The pod as sent in the review.</param>
    /// <param name="podNamespace">The request's namespace.</param>
    /// <returns>The decision.</returns>
    public MutationResult Mutate(JsonObject pod, string? podNamespace)
    {
        Dictionary<string, string> annotations = Annotations(pod);
        // Go's strconv.ParseBool spellings of true, as vault-k8s reads the switch; anything else means "not asking".
        if (!annotations.TryGetValue(SettingNames.AnnotationPrefix + SettingNames.Inject, out string? inject)
            || inject.Trim() is not ("1" or "t" or "T" or "TRUE" or "true" or "True"))
        {
            return MutationResult.Unchanged;
        }

        if (annotations.TryGetValue(StatusAnnotation, out string? status) && status == AgentNames.Injected)
        {
            return MutationResult.Unchanged;
        }

        // A pod past Pending is being updated, not created; vault-k8s leaves it alone.
        if ((string?)Str(Member(pod["status"], "phase")) is { Length: > 0 } phase && phase != "Pending")
        {
            return MutationResult.Unchanged;
        }

        if (string.IsNullOrEmpty(podNamespace))
        {
            return MutationResult.Deny("kubernetes namespace required");
        }

        if (podNamespace is "kube-system" or "kube-public")
        {
            return MutationResult.Deny($"error with request namespace: cannot inject into system namespace: {podNamespace}");
        }

        var errors = new List<string>();
        InjectorSettings? settings = null;
        try
        {
            settings = InjectorAnnotationReader.Read(annotations);
        }
        catch (AgentConfigurationException ex)
        {
            errors.AddRange(ex.Errors);
        }

        AgentConfig? config = null;
        try
        {
            // Files named by annotations (ca-cert) live in the pod, not here: check their form only.
            config = AnnotationConfigReader.ReadWithoutFiles(annotations);
        }
        catch (AgentConfigurationException ex)
        {
            // Both readers check the annotations they share (agent-pre-populate-only, ...): one error per annotation is enough.
            errors.AddRange(ex.Errors.Where(e => !errors.Exists(known => AnnotationOf(known) == AnnotationOf(e))));
        }

        if (pod["spec"] is not JsonObject spec || spec["containers"] is not JsonArray { Count: > 0 } containers)
        {
            errors.Add("spec.containers: the pod has no containers");
            return Fail(errors);
        }

        string? tokenMount = null;
        string? tokenVolume = null;
        if (settings is not null)
        {
            (tokenVolume, tokenMount) = FindServiceAccountMount(spec, containers, settings);
            if (tokenVolume is null)
            {
                errors.Add(settings.ServiceAccountTokenVolumeName is { } name
                    ? $"{SettingNames.AnnotationPrefix}agent-service-account-token-volume-name: no volume named '{name}'"
                    : "failed to find service account volume mount");
            }
        }

        if (errors.Count > 0 || settings is null || config is null || tokenVolume is null)
        {
            return Fail(errors);
        }

        return new MutationResult(true, BuildPatch(pod, spec, containers, settings, config.CacheEnabled, annotations, tokenVolume, tokenMount!), null, []);
    }

    private MutationResult Fail(List<string> errors)
    {
        string message = "vault.hashicorp.com annotations are invalid: " + string.Join("; ", errors.Distinct(StringComparer.Ordinal));
        return _options.FailureMode == InjectorFailureMode.Allow
            ? new MutationResult(true, null, message, [message])
            : MutationResult.Deny(message);
    }

    private JsonArray BuildPatch(JsonObject pod, JsonObject spec, JsonArray containers, InjectorSettings settings, bool cache, Dictionary<string, string> annotations, string tokenVolume, string tokenMount)
    {
        var patch = new PodPatchBuilder();
        var volumes = spec["volumes"] as JsonArray;
        bool init = settings.PrePopulate;
        bool sidecar = !settings.PrePopulateOnly;

        if (init)
        {
            patch.Append("/spec/volumes", volumes, MemoryVolume(AgentNames.HomeInitVolume));
        }

        if (sidecar)
        {
            patch.Append("/spec/volumes", volumes, MemoryVolume(AgentNames.HomeSidecarVolume));
        }

        patch.Append("/spec/volumes", volumes, MemoryVolume(AgentNames.SecretsVolume));
        patch.Append("/spec/volumes", volumes, new JsonObject
        {
            ["name"] = AgentNames.PodInfoVolume,
            ["downwardAPI"] = new JsonObject
            {
                ["items"] = new JsonArray(new JsonObject
                {
                    ["path"] = AgentNames.AnnotationsFile,
                    ["fieldRef"] = new JsonObject { ["fieldPath"] = "metadata.annotations" },
                }),
            },
        });
        if (cache)
        {
            patch.Append("/spec/volumes", volumes, MemoryVolume(AgentNames.CacheVolume));
        }

        for (int i = 0; i < containers.Count; i++)
        {
            if (containers[i] is JsonObject container
                && (settings.Containers is null || settings.Containers.Contains(Str(container["name"]) ?? "", StringComparer.Ordinal)))
            {
                patch.Append($"/spec/containers/{i}/volumeMounts", container["volumeMounts"] as JsonArray, SecretsMount(settings));
            }
        }

        string image = settings.Image ?? _options.AgentImage;
        bool hasVaultAddress = annotations.ContainsKey(SettingNames.AnnotationPrefix + SettingNames.Service);
        if (init)
        {
            JsonObject agentInit = Container(AgentNames.InitContainer, "init", AgentNames.HomeInitVolume, image, settings, cache, tokenVolume, tokenMount, hasVaultAddress);
            var initContainers = spec["initContainers"] as JsonArray;
            if (settings.InitFirst && initContainers is { Count: > 0 })
            {
                // JSON patch cannot insert at index 0 of an array it does not know the length of reliably across
                // reinvocations, so vault-k8s replaces the whole list with the agent first.
                var reordered = new JsonArray(agentInit);
                foreach (JsonNode? existing in initContainers)
                {
                    reordered.Add(existing?.DeepClone());
                }

                patch.Remove("/spec/initContainers");
                patch.Add("/spec/initContainers", reordered);
            }
            else
            {
                patch.Append("/spec/initContainers", initContainers, agentInit);
            }
        }

        if (sidecar)
        {
            patch.Append("/spec/containers", containers, Container(AgentNames.Sidecar, "sidecar", AgentNames.HomeSidecarVolume, image, settings, cache, tokenVolume, tokenMount, hasVaultAddress));
        }

        if (Member(pod["metadata"], "annotations") is JsonObject)
        {
            patch.Add("/metadata/annotations/" + PodPatchBuilder.Escape(StatusAnnotation), AgentNames.Injected);
        }
        else
        {
            patch.Add("/metadata/annotations", new JsonObject { [StatusAnnotation] = AgentNames.Injected });
        }

        return patch.Operations;
    }

    private JsonObject Container(string name, string mode, string homeVolume, string image, InjectorSettings settings, bool cache, string tokenVolume, string tokenMount, bool hasVaultAddress)
    {
        var env = new JsonArray(
            FieldEnv("NAMESPACE", "metadata.namespace"),
            FieldEnv("HOST_IP", "status.hostIP"),
            FieldEnv("POD_IP", "status.podIP"));
        if (!hasVaultAddress && _options.VaultAddress is { } address)
        {
            env.Add((JsonNode)new JsonObject { ["name"] = "VAULT_ADDR", ["value"] = address });
        }

        var container = new JsonObject
        {
            ["name"] = name,
            ["image"] = image,
            ["args"] = new JsonArray("--mode", mode, "--annotations", AgentNames.PodInfoPath + "/" + AgentNames.AnnotationsFile),
            ["env"] = env,
            ["resources"] = new JsonObject
            {
                ["limits"] = Quantities(settings.Limits),
                ["requests"] = Quantities(settings.Requests),
            },
            ["volumeMounts"] = new JsonArray(
                new JsonObject { ["name"] = homeVolume, ["mountPath"] = AgentNames.HomePath },
                new JsonObject { ["name"] = tokenVolume, ["mountPath"] = tokenMount, ["readOnly"] = true },
                SecretsMount(settings),
                new JsonObject { ["name"] = AgentNames.PodInfoVolume, ["mountPath"] = AgentNames.PodInfoPath, ["readOnly"] = true }),
        };
        if (cache)
        {
            ((JsonArray)container["volumeMounts"]!).Add((JsonNode)new JsonObject { ["name"] = AgentNames.CacheVolume, ["mountPath"] = AgentNames.CachePath });
        }

        if (settings.SetSecurityContext)
        {
            container["securityContext"] = new JsonObject
            {
                ["runAsUser"] = settings.RunAsUser,
                ["runAsGroup"] = settings.RunAsGroup,
                ["runAsNonRoot"] = settings.RunAsUser != 0 && settings.RunAsGroup != 0,
                ["readOnlyRootFilesystem"] = true,
                ["capabilities"] = new JsonObject { ["drop"] = new JsonArray("ALL") },
                ["allowPrivilegeEscalation"] = false,
            };
        }

        if (mode == "sidecar")
        {
            container["lifecycle"] = new JsonObject();
        }

        return container;
    }

    // vault-k8s: the named projected volume, else the first app mount whose path contains "serviceaccount".
    private static (string? Volume, string? MountPath) FindServiceAccountMount(JsonObject spec, JsonArray containers, InjectorSettings settings)
    {
        if (settings.ServiceAccountTokenVolumeName is { } named)
        {
            bool exists = spec["volumes"] is JsonArray volumes && volumes.Any(v => Str(Member(v, "name")) == named);
            return exists ? (named, AgentNames.DefaultServiceAccountPath) : (null, null);
        }

        foreach (JsonNode? container in containers)
        {
            if (Member(container, "volumeMounts") is JsonArray mounts)
            {
                foreach (JsonNode? mount in mounts)
                {
                    if (Str(Member(mount, "mountPath")) is { } path && path.Contains("serviceaccount", StringComparison.Ordinal) && Str(Member(mount, "name")) is { } volume)
                    {
                        return (volume, path);
                    }
                }
            }
        }

        return (null, null);
    }

    private static Dictionary<string, string> Annotations(JsonObject pod)
    {
        var annotations = new Dictionary<string, string>(StringComparer.Ordinal);
        if (Member(pod["metadata"], "annotations") is JsonObject map)
        {
            foreach ((string key, JsonNode? value) in map)
            {
                if (Str(value) is { } text)
                {
                    annotations[key] = text;
                }
            }
        }

        return annotations;
    }

    // Member access that yields null instead of throwing when a field has an unexpected JSON type.
    private static JsonNode? Member(JsonNode? node, string name) => node is JsonObject obj ? obj[name] : null;

    // Reads a string without throwing on a node of another type (a malformed review must not crash the webhook).
    private static string? Str(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue(out string? text) ? text : null;

    private static JsonObject MemoryVolume(string name) =>
        new() { ["name"] = name, ["emptyDir"] = new JsonObject { ["medium"] = "Memory" } };

    private static JsonObject SecretsMount(InjectorSettings settings) =>
        new() { ["name"] = AgentNames.SecretsVolume, ["mountPath"] = settings.SecretVolumePath };

    private static JsonObject FieldEnv(string name, string fieldPath) =>
        new() { ["name"] = name, ["valueFrom"] = new JsonObject { ["fieldRef"] = new JsonObject { ["fieldPath"] = fieldPath } } };

    private static JsonObject Quantities(IReadOnlyDictionary<string, string> values)
    {
        var result = new JsonObject();
        foreach ((string resource, string quantity) in values.OrderBy(v => v.Key, StringComparer.Ordinal))
        {
            result[resource] = quantity;
        }

        return result;
    }

    /// <summary>The annotation an error names: the text before its first ": ".</summary>
    private static string AnnotationOf(string error) => error.Split(": ", 2)[0];
}
