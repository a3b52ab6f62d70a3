// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using Vault.Kubernetes.Secrets;
using Vault.Kubernetes.Sync;

namespace Vault.Kubernetes.Annotations;

/// <summary>Guesses how a secret path is refreshed from the path conventions of Vault's engines, since annotations carry only the path.</summary>
public static class SecretKindClassifier
{
    /// <summary>Classifies a path: <c>*/creds/*</c> and <c>*/issue/*</c> are dynamic, <c>*/static-creds/*</c> static credentials, anything else KV (version detected).</summary>
    /// <param name="path">The Vault path.</param>
    /// <returns>The kind.</returns>
    public static SecretSourceKind Classify(string path)
    {
        string[] segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length >= 3)
        {
            string kind = segments[^2];
            if (kind is "static-creds")
            {
                return SecretSourceKind.StaticCredentials;
            }

            if (kind is "creds" or "issue" or "sts")
            {
                return SecretSourceKind.Dynamic;
            }
        }

        return SecretSourceKind.Kv;
    }

    /// <summary>Parses an explicit kind from the JSON file: <c>kv</c>, <c>kv1</c>, <c>kv2</c>, <c>dynamic</c> or <c>static</c>.</summary>
    /// <param name="text">The text.</param>
    /// <param name="kind">The kind.</param>
    /// <returns><see langword="true"/> when <paramref name="text"/> names a kind.</returns>
    public static bool TryParse(string text, out SecretSourceKind kind)
    {
        (bool ok, kind) = text.ToLowerInvariant() switch
        {
            "kv" => (true, SecretSourceKind.Kv),
            "kv1" or "kv-v1" => (true, SecretSourceKind.KvV1),
            "kv2" or "kv-v2" => (true, SecretSourceKind.KvV2),
            "dynamic" => (true, SecretSourceKind.Dynamic),
            "static" or "static-creds" => (true, SecretSourceKind.StaticCredentials),
            _ => (false, SecretSourceKind.Kv),
        };
        return ok;
    }
}
