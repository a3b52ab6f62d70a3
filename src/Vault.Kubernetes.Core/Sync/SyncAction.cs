// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

namespace Vault.Kubernetes.Sync;

/// <summary>The work the engine does next for one spec.</summary>
internal enum SyncAction
{
    None = 0,
    Fetch,
    Refresh,
    Renew,
    Reissue,
    Reread,
}
