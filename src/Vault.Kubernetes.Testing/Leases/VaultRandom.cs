// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Security.Cryptography;

namespace Vault.Kubernetes.Testing.Leases;

/// <summary>Cryptographically random identifiers in the shapes Vault uses (base62 lease suffixes, hvs. tokens).</summary>
internal static class VaultRandom
{
    private const string Base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    /// <summary>Returns <paramref name="length"/> random base62 characters.</summary>
    public static string Base62String(int length) => RandomNumberGenerator.GetString(Base62, length);

    /// <summary>Returns a new service token in the Vault 1.10+ format ("hvs." + random).</summary>
    public static string ServiceToken() => "hvs." + Base62String(24);

    /// <summary>Returns a new token accessor (24 base62 characters).</summary>
    public static string Accessor() => Base62String(24);
}
