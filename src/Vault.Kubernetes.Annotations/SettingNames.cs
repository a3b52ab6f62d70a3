// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;

namespace Vault.Kubernetes.Annotations;

/// <summary>The vault-k8s injector's annotation names (the part after <see cref="AnnotationPrefix"/>), shared by the annotation reader, the agent's JSON file and the validator.</summary>
public static class SettingNames
{
    /// <summary>The prefix of every annotation: <c>vault.hashicorp.com/</c>.</summary>
    public const string AnnotationPrefix = "vault.hashicorp.com/";

    // Read by the injector webhook only.

    /// <summary><c>agent-inject</c>: <c>true</c> asks the injector to add the agent to the pod.</summary>
    public const string Inject = "agent-inject";

    /// <summary><c>agent-inject-status</c>: <c>injected</c> once the injector has added the agent (it then leaves the pod alone).</summary>
    public const string InjectStatus = "agent-inject-status";

    /// <summary><c>agent-init-first</c>: <c>true</c> puts the agent's init container before the pod's other init containers.</summary>
    public const string InitFirst = "agent-init-first";

    // Agent-wide.
    /// <summary><c>role</c>: the Vault role the agent logs in with (required).</summary>
    public const string Role = "role";
    /// <summary><c>auth-path</c>: the auth mount, default <c>auth/kubernetes</c>.</summary>
    public const string AuthPath = "auth-path";
    /// <summary><c>auth-type</c>: the auth method; only <c>kubernetes</c> is supported.</summary>
    public const string AuthType = "auth-type";
    /// <summary><c>namespace</c>: the Vault Enterprise namespace.</summary>
    public const string Namespace = "namespace";
    /// <summary><c>service</c>: the Vault address; <c>VAULT_ADDR</c> when absent.</summary>
    public const string Service = "service";
    /// <summary><c>ca-cert</c>: the PEM file of the CA that signs Vault's certificate.</summary>
    public const string CaCert = "ca-cert";
    /// <summary><c>tls-skip-verify</c>: <c>true</c> skips TLS verification.</summary>
    public const string TlsSkipVerify = "tls-skip-verify";
    /// <summary><c>tls-server-name</c>: the server name for SNI and certificate verification.</summary>
    public const string TlsServerName = "tls-server-name";
    /// <summary><c>secret-volume-path</c>: the directory of rendered files, default <c>/vault/secrets</c>.</summary>
    public const string SecretVolumePath = "secret-volume-path";
    /// <summary><c>agent-pre-populate-only</c>: <c>true</c> injects only the init container, no sidecar.</summary>
    public const string PrePopulateOnly = "agent-pre-populate-only";
    /// <summary><c>template-static-secret-render-interval</c>: how often non-leased secrets are re-read.</summary>
    public const string StaticSecretRenderInterval = "template-static-secret-render-interval";
    /// <summary><c>agent-inject-default-template</c>: <c>map</c> or <c>json</c>, the rendering of secrets without a template.</summary>
    public const string DefaultTemplate = "agent-inject-default-template";
    /// <summary><c>agent-inject-token</c>: <c>true</c> also writes the Vault token to <c>token</c> in the secret volume.</summary>
    public const string InjectToken = "agent-inject-token";
    /// <summary><c>preserve-secret-case</c>: <c>true</c> keeps the case of secret names in file names.</summary>
    public const string PreserveSecretCase = "preserve-secret-case";
    /// <summary><c>auth-config-token-path</c>: the service-account token file.</summary>
    public const string TokenPath = "auth-config-token-path";
    /// <summary><c>agent-revoke-on-shutdown</c>: <c>true</c> revokes the token when the sidecar stops.</summary>
    public const string RevokeOnShutdown = "agent-revoke-on-shutdown";

    /// <summary><c>agent-cache-enable</c>: whether init hands its token and leases to the sidecar through the persistent cache (default <c>true</c> here; vault-k8s defaults to <c>false</c>).</summary>
    public const string CacheEnable = "agent-cache-enable";

    // Only in the JSON file (the injector has no annotation for them).
    /// <summary><c>token-sink-path</c> (agent JSON file only): the file the Vault token is written to.</summary>
    public const string TokenSinkPath = "token-sink-path";
    /// <summary><c>command-timeout</c> (agent JSON file only): how long a secret's command may run.</summary>
    public const string CommandTimeout = "command-timeout";

    // Per secret: the annotation is "<prefix><name>".
    /// <summary><c>agent-inject-secret-</c>: prefix of the annotation naming a secret's Vault path; the rest is the secret's name.</summary>
    public const string Secret = "agent-inject-secret-";
    /// <summary><c>agent-inject-template-</c>: prefix of a secret's inline template.</summary>
    public const string Template = "agent-inject-template-";
    /// <summary><c>agent-inject-template-file-</c>: prefix of a secret's template file.</summary>
    public const string TemplateFile = "agent-inject-template-file-";
    /// <summary><c>agent-inject-file-</c>: prefix of a secret's file name, relative to the secret volume.</summary>
    public const string File = "agent-inject-file-";
    /// <summary><c>agent-inject-perms-</c>: prefix of a secret file's octal mode.</summary>
    public const string Perms = "agent-inject-perms-";
    /// <summary><c>agent-inject-command-</c>: prefix of the command run after a secret's file changed.</summary>
    public const string Command = "agent-inject-command-";
    /// <summary><c>error-on-missing-key-</c>: prefix of the switch that fails a render on a missing map key.</summary>
    public const string ErrorOnMissingKey = "error-on-missing-key-";
    /// <summary><c>agent-template-left-delim-</c>: prefix of a template's left delimiter.</summary>
    public const string LeftDelimiter = "agent-template-left-delim-";
    /// <summary><c>agent-template-right-delim-</c>: prefix of a template's right delimiter.</summary>
    public const string RightDelimiter = "agent-template-right-delim-";
    /// <summary><c>secret-volume-path-</c>: prefix of a secret's own directory.</summary>
    public const string SecretVolumePathOf = "secret-volume-path-";
    /// <summary><c>preserve-secret-case-</c>: prefix of a secret's own case switch.</summary>
    public const string PreserveSecretCaseOf = "preserve-secret-case-";

    // Only in the JSON file.
    /// <summary><c>kind</c> (agent JSON file only): how a secret is read (<c>kv</c>, <c>kv1</c>, <c>kv2</c>, <c>dynamic</c>, <c>static</c>).</summary>
    public const string Kind = "kind";

    /// <summary>Gets the agent-wide annotations the agent reads.</summary>
    public static IReadOnlyList<string> GlobalAnnotations { get; } =
    [
        Role, AuthPath, AuthType, Namespace, Service, CaCert, TlsSkipVerify, TlsServerName, SecretVolumePath, PrePopulateOnly,
        StaticSecretRenderInterval, DefaultTemplate, InjectToken, PreserveSecretCase, TokenPath, RevokeOnShutdown, CacheEnable,
    ];

    /// <summary>Gets the per-secret annotation prefixes other than <see cref="Secret"/>, longest first so that <c>template-file-</c> wins over <c>template-</c>.</summary>
    public static IReadOnlyList<string> PerSecretPrefixes { get; } =
    [
        TemplateFile, Template, File, Perms, Command, ErrorOnMissingKey, LeftDelimiter, RightDelimiter, SecretVolumePathOf, PreserveSecretCaseOf,
    ];

    /// <summary>Gets annotations that only the injector's webhook acts on (container shape, image, resources); the agent ignores them silently.</summary>
    public static IReadOnlySet<string> InjectorOnly { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        Inject, InjectStatus, "agent-image", InitFirst, "agent-pre-populate", "agent-configmap",
        "agent-extra-secret", "agent-limits-cpu", "agent-limits-mem", "agent-limits-ephemeral", "agent-requests-cpu",
        "agent-requests-mem", "agent-requests-ephemeral", "agent-run-as-user", "agent-run-as-group", "agent-run-as-same-user",
        "agent-set-security-context", "agent-share-process-namespace", "agent-service-account-token-volume-name",
        "agent-copy-volume-mounts", "agent-inject-containers", "agent-json-patch", "agent-init-json-patch",
        "agent-request-namespace", "tls-secret", "log-level", "log-format", "go-max-procs", "agent-revoke-grace",
    };
}
