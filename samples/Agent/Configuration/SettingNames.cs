// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

namespace Vault.Kubernetes.Agent.Configuration;

/// <summary>The setting names shared by the annotation reader, the JSON reader and the validator; they are the injector's annotation suffixes.</summary>
internal static class SettingNames
{
    public const string AnnotationPrefix = "vault.hashicorp.com/";

    // Agent-wide.
    public const string Role = "role";
    public const string AuthPath = "auth-path";
    public const string AuthType = "auth-type";
    public const string Namespace = "namespace";
    public const string Service = "service";
    public const string CaCert = "ca-cert";
    public const string TlsSkipVerify = "tls-skip-verify";
    public const string TlsServerName = "tls-server-name";
    public const string SecretVolumePath = "secret-volume-path";
    public const string PrePopulateOnly = "agent-pre-populate-only";
    public const string StaticSecretRenderInterval = "template-static-secret-render-interval";
    public const string DefaultTemplate = "agent-inject-default-template";
    public const string InjectToken = "agent-inject-token";
    public const string PreserveSecretCase = "preserve-secret-case";
    public const string TokenPath = "auth-config-token-path";
    public const string RevokeOnShutdown = "agent-revoke-on-shutdown";

    // Only in the JSON file (the injector has no annotation for them).
    public const string TokenSinkPath = "token-sink-path";
    public const string CommandTimeout = "command-timeout";

    // Per secret: the annotation is "<prefix><name>".
    public const string Secret = "agent-inject-secret-";
    public const string Template = "agent-inject-template-";
    public const string TemplateFile = "agent-inject-template-file-";
    public const string File = "agent-inject-file-";
    public const string Perms = "agent-inject-perms-";
    public const string Command = "agent-inject-command-";
    public const string ErrorOnMissingKey = "error-on-missing-key-";
    public const string LeftDelimiter = "agent-template-left-delim-";
    public const string RightDelimiter = "agent-template-right-delim-";
    public const string SecretVolumePathOf = "secret-volume-path-";
    public const string PreserveSecretCaseOf = "preserve-secret-case-";

    // Only in the JSON file.
    public const string Kind = "kind";

    /// <summary>Gets the agent-wide annotations the agent reads.</summary>
    public static IReadOnlyList<string> GlobalAnnotations { get; } =
    [
        Role, AuthPath, AuthType, Namespace, Service, CaCert, TlsSkipVerify, TlsServerName, SecretVolumePath, PrePopulateOnly,
        StaticSecretRenderInterval, DefaultTemplate, InjectToken, PreserveSecretCase, TokenPath, RevokeOnShutdown,
    ];

    /// <summary>Gets the per-secret annotation prefixes other than <see cref="Secret"/>, longest first so that <c>template-file-</c> wins over <c>template-</c>.</summary>
    public static IReadOnlyList<string> PerSecretPrefixes { get; } =
    [
        TemplateFile, Template, File, Perms, Command, ErrorOnMissingKey, LeftDelimiter, RightDelimiter, SecretVolumePathOf, PreserveSecretCaseOf,
    ];

    /// <summary>Gets annotations that only the injector's webhook acts on (container shape, image, resources); the agent ignores them silently.</summary>
    public static IReadOnlySet<string> InjectorOnly { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "agent-inject", "agent-inject-status", "agent-image", "agent-init-first", "agent-pre-populate", "agent-configmap",
        "agent-extra-secret", "agent-limits-cpu", "agent-limits-mem", "agent-limits-ephemeral", "agent-requests-cpu",
        "agent-requests-mem", "agent-requests-ephemeral", "agent-run-as-user", "agent-run-as-group", "agent-run-as-same-user",
        "agent-set-security-context", "agent-share-process-namespace", "agent-service-account-token-volume-name",
        "agent-copy-volume-mounts", "agent-inject-containers", "agent-json-patch", "agent-init-json-patch",
        "agent-request-namespace", "tls-secret", "log-level", "log-format", "go-max-procs", "agent-revoke-grace",
    };
}
