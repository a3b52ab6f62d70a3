// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Collections.Generic;

namespace Vault.Kubernetes.Annotations;

/// <summary>The pod-shaping annotations the injector webhook reads (image, order, resources, security context); the agent ignores them.</summary>
public sealed class InjectorSettings
{
    /// <summary>Gets a value indicating whether the pod asks for injection (<c>agent-inject</c>).</summary>
    public bool Inject { get; init; }

    /// <summary>Gets the <c>agent-inject-status</c> value, or <see langword="null"/>; <c>injected</c> means the webhook already ran.</summary>
    public string? Status { get; init; }

    /// <summary>Gets the agent image (<c>agent-image</c>), or <see langword="null"/> for the injector's default.</summary>
    public string? Image { get; init; }

    /// <summary>Gets a value indicating whether the init container goes before the pod's own init containers (<c>agent-init-first</c>).</summary>
    /// <value>Default <see langword="false"/>.</value>
    public bool InitFirst { get; init; }

    /// <summary>Gets a value indicating whether the init container is added (<c>agent-pre-populate</c>).</summary>
    /// <value>Default <see langword="true"/>.</value>
    public bool PrePopulate { get; init; } = true;

    /// <summary>Gets a value indicating whether only the init container is added (<c>agent-pre-populate-only</c>).</summary>
    /// <value>Default <see langword="false"/>.</value>
    public bool PrePopulateOnly { get; init; }

    /// <summary>Gets the mount path of the secret volume (<c>secret-volume-path</c>).</summary>
    /// <value>Default <c>/vault/secrets</c>.</value>
    public string SecretVolumePath { get; init; } = AgentDefaults.SecretVolumePath;

    /// <summary>Gets the resource limits by resource name (<c>cpu</c>, <c>memory</c>, <c>ephemeral-storage</c>); an annotation set to empty removes its entry.</summary>
    /// <value>Default cpu <c>500m</c>, memory <c>128Mi</c>.</value>
    public required IReadOnlyDictionary<string, string> Limits { get; init; }

    /// <summary>Gets the resource requests by resource name; an annotation set to empty removes its entry.</summary>
    /// <value>Default cpu <c>250m</c>, memory <c>64Mi</c>.</value>
    public required IReadOnlyDictionary<string, string> Requests { get; init; }

    /// <summary>Gets a value indicating whether the agent containers get a restrictive security context (<c>agent-set-security-context</c>).</summary>
    /// <value>Default <see langword="true"/>.</value>
    public bool SetSecurityContext { get; init; } = true;

    /// <summary>Gets the agent's user id (<c>agent-run-as-user</c>).</summary>
    /// <value>Default 100.</value>
    public long RunAsUser { get; init; } = InjectorAnnotationReader.DefaultRunAsUser;

    /// <summary>Gets the agent's group id (<c>agent-run-as-group</c>).</summary>
    /// <value>Default 1000.</value>
    public long RunAsGroup { get; init; } = InjectorAnnotationReader.DefaultRunAsGroup;

    /// <summary>Gets the app containers that mount the secret volume (<c>agent-inject-containers</c>), or <see langword="null"/> for all.</summary>
    public IReadOnlyList<string>? Containers { get; init; }

    /// <summary>Gets the volume holding the service-account token the agent logs in with (<c>agent-service-account-token-volume-name</c>), or <see langword="null"/> to find the mount under <c>serviceaccount</c>.</summary>
    public string? ServiceAccountTokenVolumeName { get; init; }
}
