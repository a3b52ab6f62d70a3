// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

namespace Vault.Kubernetes.Csi.Mounting;

/// <summary>How an object's extracted value is decoded before it is written (the <c>encoding</c> field).</summary>
internal enum CsiObjectEncoding
{
    /// <summary>Written as UTF-8 text (the default).</summary>
    Utf8 = 0,

    /// <summary>The value is base64 and written decoded.</summary>
    Base64 = 1,

    /// <summary>The value is hex and written decoded.</summary>
    Hex = 2,
}
