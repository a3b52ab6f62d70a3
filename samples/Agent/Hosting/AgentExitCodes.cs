// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

namespace Vault.Kubernetes.Agent.Hosting;

/// <summary>The agent's process exit codes.</summary>
internal static class AgentExitCodes
{
    /// <summary>Init rendered every file, or the sidecar stopped cleanly.</summary>
    public const int Success = 0;

    /// <summary>Logging in, reading a secret, rendering or writing a file failed; init wrote nothing.</summary>
    public const int Failed = 1;

    /// <summary>The command line, annotations or configuration file are invalid.</summary>
    public const int InvalidConfiguration = 2;
}
