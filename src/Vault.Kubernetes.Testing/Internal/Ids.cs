// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Security.Cryptography;

namespace Vault.Kubernetes.Testing.Internal;

/// <summary>Identifier generators shaped like Vault's (UUIDs, base62 suffixes, hvs. tokens).</summary>
internal static class Ids
{
    private const string Base62Chars = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    public static string Uuid() => Guid.NewGuid().ToString("D");

    public static string Base62(int length) => RandomNumberGenerator.GetString(Base62Chars, length);

    /// <summary>A service token id (Vault ≥1.10 uses the hvs. prefix).</summary>
    public static string ServiceToken() => "hvs." + Base62(24);

    /// <summary>A lease id: the request path, a slash and 24 base62 characters.</summary>
    public static string LeaseId(string path) => path.TrimEnd('/') + "/" + Base62(24);
}
