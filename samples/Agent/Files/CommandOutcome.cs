// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

namespace Vault.Kubernetes.Agent.Files;

/// <summary>How a secret's command ended.</summary>
internal enum CommandOutcome
{
    /// <summary>Exited with status 0.</summary>
    Succeeded = 0,

    /// <summary>Exited with a non-zero status, or could not be started.</summary>
    Failed = 1,

    /// <summary>Ran longer than the timeout and was killed.</summary>
    TimedOut = 2,
}
