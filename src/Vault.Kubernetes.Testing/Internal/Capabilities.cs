// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;

namespace Vault.Kubernetes.Testing.Internal;

/// <summary>ACL capabilities a policy path rule grants.</summary>
[Flags]
internal enum Capabilities
{
    /// <summary>Nothing.</summary>
    None = 0,

    /// <summary>create.</summary>
    Create = 1,

    /// <summary>read.</summary>
    Read = 2,

    /// <summary>update.</summary>
    Update = 4,

    /// <summary>delete.</summary>
    Delete = 8,

    /// <summary>list.</summary>
    List = 16,

    /// <summary>sudo (root-protected paths).</summary>
    Sudo = 32,

    /// <summary>patch.</summary>
    Patch = 64,

    /// <summary>deny: overrides everything on the matched rule.</summary>
    Deny = 128,

    /// <summary>Everything except deny (the root policy).</summary>
    All = Create | Read | Update | Delete | List | Sudo | Patch,
}
