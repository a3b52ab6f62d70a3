// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.IO;

namespace Vault.Kubernetes.Annotations;

/// <summary>The agent's defaults, matching the injector's where it has one.</summary>
public static class AgentDefaults
{
    /// <summary>Where rendered files go: <c>/vault/secrets</c>.</summary>
    public const string SecretVolumePath = "/vault/secrets";

    /// <summary>The persistent cache's memory volume, shared by the init container and the sidecar only: <c>/vault/agent-cache</c> (the injector's <c>vault-agent-cache</c> volume).</summary>
    public const string CacheDirectory = "/vault/agent-cache";

    /// <summary>The name of the persistent cache file in <see cref="CacheDirectory"/>.</summary>
    public const string CacheFileName = "session";

    /// <summary>The default service-account token file.</summary>
    public const string TokenPath = "/var/run/secrets/kubernetes.io/serviceaccount/token";

    /// <summary>The mode of rendered files unless <c>agent-inject-perms-&lt;name&gt;</c> says otherwise: 0600.</summary>
    public const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>The file name of the token sink enabled by <c>agent-inject-token</c>, inside the secret volume.</summary>
    public const string TokenFileName = "token";

    /// <summary>Gets how long a secret's command may run before it is killed: 30 seconds.</summary>
    public static TimeSpan CommandTimeout { get; } = TimeSpan.FromSeconds(30);
}
