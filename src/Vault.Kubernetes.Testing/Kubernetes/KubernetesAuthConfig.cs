// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Vault.Kubernetes.Testing.Internal;
using Vault.Kubernetes.Testing.Leases;

namespace Vault.Kubernetes.Testing.Kubernetes;

/// <summary>The Kubernetes auth method's configuration (<c>auth/&lt;mount&gt;/config</c>).</summary>
internal sealed class KubernetesAuthConfig
{
    public string KubernetesHost { get; init; } = string.Empty;

    public string KubernetesCaCert { get; init; } = string.Empty;

    public string TokenReviewerJwt { get; init; } = string.Empty;

    public IReadOnlyList<string> PemKeys { get; init; } = [];

    /// <summary>Gets the parsed <see cref="PemKeys"/> used to verify JWT signatures locally.</summary>
    public IReadOnlyList<AsymmetricAlgorithm> PublicKeys { get; init; } = [];

    public string Issuer { get; init; } = string.Empty;

    /// <summary>Gets a value indicating whether <c>iss</c> is ignored; true by default since Vault 1.9.</summary>
    public bool DisableIssValidation { get; init; } = true;

    public bool DisableLocalCaJwt { get; init; }

    public bool UseAnnotationsAsAliasMetadata { get; init; }

    /// <summary>Builds a configuration from a config write, validating it as Vault does.</summary>
    /// <exception cref="VaultRequestException">400 for a missing host, a CA without certificates or unparsable keys.</exception>
    public static KubernetesAuthConfig FromRequest(RequestFields fields)
    {
        string host = fields.GetString("kubernetes_host") ?? string.Empty;
        if (host.Length == 0)
        {
            throw new VaultRequestException("no host provided");
        }

        string caCert = fields.GetString("kubernetes_ca_cert") ?? string.Empty;
        if (caCert.Length > 0 && !ContainsCertificate(caCert))
        {
            throw new VaultRequestException("The provided CA PEM data contains no valid certificates");
        }

        IReadOnlyList<string> pemKeys = fields.GetStringList("pem_keys") ?? [];
        var keys = new List<AsymmetricAlgorithm>();
        foreach (string pem in pemKeys)
        {
            keys.Add(ParsePublicKey(pem) ?? throw new VaultRequestException("data does not contain any valid RSA or ECDSA public keys"));
        }

        return new KubernetesAuthConfig
        {
            KubernetesHost = host,
            KubernetesCaCert = caCert,
            TokenReviewerJwt = fields.GetString("token_reviewer_jwt") ?? string.Empty,
            PemKeys = pemKeys,
            PublicKeys = keys,
            Issuer = fields.GetString("issuer") ?? string.Empty,
            DisableIssValidation = fields.GetBool("disable_iss_validation", defaultValue: true),
            DisableLocalCaJwt = fields.GetBool("disable_local_ca_jwt"),
            UseAnnotationsAsAliasMetadata = fields.GetBool("use_annotations_as_alias_metadata"),
        };
    }

    /// <summary>Returns the fields a config read shows (the reviewer JWT only as <c>token_reviewer_jwt_set</c>).</summary>
    public JsonObject ToResponseData()
    {
        var keys = new JsonArray();
        foreach (string key in PemKeys)
        {
            keys.Add(key);
        }

        return new JsonObject
        {
            ["kubernetes_host"] = KubernetesHost,
            ["kubernetes_ca_cert"] = KubernetesCaCert,
            ["pem_keys"] = keys,
            ["issuer"] = Issuer,
            ["disable_iss_validation"] = DisableIssValidation,
            ["disable_local_ca_jwt"] = DisableLocalCaJwt,
            ["token_reviewer_jwt_set"] = TokenReviewerJwt.Length > 0,
            ["use_annotations_as_alias_metadata"] = UseAnnotationsAsAliasMetadata,
        };
    }

    private static bool ContainsCertificate(string pem)
    {
        try
        {
            var collection = new X509Certificate2Collection();
            collection.ImportFromPem(pem);
            bool any = collection.Count > 0;
            foreach (X509Certificate2 certificate in collection)
            {
                certificate.Dispose();
            }

            return any;
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    private static AsymmetricAlgorithm? ParsePublicKey(string pem)
    {
        if (pem.Contains("CERTIFICATE", StringComparison.Ordinal))
        {
            try
            {
                using X509Certificate2 certificate = X509Certificate2.CreateFromPem(pem);
                return (AsymmetricAlgorithm?)certificate.GetRSAPublicKey() ?? certificate.GetECDsaPublicKey();
            }
            catch (CryptographicException)
            {
                return null;
            }
        }

        return TryImport(RSA.Create(), pem) ?? TryImport(ECDsa.Create(), pem);
    }

    private static AsymmetricAlgorithm? TryImport(AsymmetricAlgorithm key, string pem)
    {
        try
        {
            key.ImportFromPem(pem);
            return key;
        }
        catch (Exception ex) when (ex is CryptographicException or ArgumentException)
        {
            key.Dispose();
            return null;
        }
    }
}
