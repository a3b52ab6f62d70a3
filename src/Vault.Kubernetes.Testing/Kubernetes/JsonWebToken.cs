// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Buffers.Text;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Vault.Kubernetes.Testing.Kubernetes;

/// <summary>A parsed compact JWS (header, claims, signature) with the claim accessors Kubernetes auth needs.</summary>
/// <remarks>Never prints the token: <see cref="ToString"/> shows only the algorithm and subject.</remarks>
internal sealed class JsonWebToken
{
    private JsonWebToken(JsonObject header, JsonObject claims, byte[] signingInput, byte[] signature)
    {
        Header = header;
        Claims = claims;
        SigningInput = signingInput;
        Signature = signature;
    }

    public JsonObject Header { get; }

    public JsonObject Claims { get; }

    public byte[] SigningInput { get; }

    public byte[] Signature { get; }

    public string? Algorithm => GetString(Header, "alg");

    public string? KeyId => GetString(Header, "kid");

    public string? Issuer => GetString(Claims, "iss");

    public string? Subject => GetString(Claims, "sub");

    public long? ExpiresAt => GetLong(Claims, "exp");

    public long? NotBefore => GetLong(Claims, "nbf");

    public long? IssuedAt => GetLong(Claims, "iat");

    /// <summary>Gets the audiences (the <c>aud</c> claim may be a string or an array).</summary>
    public IReadOnlyList<string> Audiences
    {
        get
        {
            var list = new List<string>();
            switch (Claims["aud"])
            {
                case JsonArray array:
                    foreach (JsonNode? item in array)
                    {
                        if (item is JsonValue value && value.TryGetValue(out string? audience))
                        {
                            list.Add(audience);
                        }
                    }

                    break;
                case JsonValue single when single.TryGetValue(out string? audience):
                    list.Add(audience);
                    break;
            }

            return list;
        }
    }

    /// <summary>Gets the service account namespace (projected nested claim wins over the legacy flat claim).</summary>
    public string? Namespace => GetString(Projected, "namespace") ?? GetString(Claims, "kubernetes.io/serviceaccount/namespace");

    /// <summary>Gets the service account name.</summary>
    public string? ServiceAccountName =>
        GetString(Projected?["serviceaccount"] as JsonObject, "name") ?? GetString(Claims, "kubernetes.io/serviceaccount/service-account.name");

    /// <summary>Gets the service account UID.</summary>
    public string? ServiceAccountUid =>
        GetString(Projected?["serviceaccount"] as JsonObject, "uid") ?? GetString(Claims, "kubernetes.io/serviceaccount/service-account.uid");

    /// <summary>Gets the legacy secret name claim, or <see langword="null"/> for projected tokens.</summary>
    public string? SecretName =>
        GetString(Projected?["secret"] as JsonObject, "name") ?? GetString(Claims, "kubernetes.io/serviceaccount/secret.name");

    /// <summary>Gets the bound pod name, if any.</summary>
    public string? PodName => GetString(Projected?["pod"] as JsonObject, "name");

    private JsonObject? Projected => Claims["kubernetes.io"] as JsonObject;

    /// <summary>Parses a compact JWS; returns <see langword="false"/> for anything that is not one.</summary>
    public static bool TryParse(string? token, [NotNullWhen(true)] out JsonWebToken? result)
    {
        result = null;
        if (string.IsNullOrWhiteSpace(token))
        {
            return false;
        }

        string[] parts = token.Trim().Split('.');
        if (parts.Length != 3 || parts[0].Length == 0 || parts[1].Length == 0)
        {
            return false;
        }

        try
        {
            if (JsonNode.Parse(Base64Url.DecodeFromChars(parts[0])) is not JsonObject header
                || JsonNode.Parse(Base64Url.DecodeFromChars(parts[1])) is not JsonObject claims)
            {
                return false;
            }

            byte[] signature = Base64Url.DecodeFromChars(parts[2]);
            result = new JsonWebToken(header, claims, Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), signature);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>Builds and signs a compact JWS with an RSA key using RS256.</summary>
    public static string SignRs256(JsonObject header, JsonObject claims, RSA key)
    {
        string signingInput = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(header.ToJsonString()))
            + "." + Base64Url.EncodeToString(Encoding.UTF8.GetBytes(claims.ToJsonString()));
        byte[] signature = key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return signingInput + "." + Base64Url.EncodeToString(signature);
    }

    /// <summary>Verifies the signature against any of <paramref name="keys"/> with the algorithms Vault allows.</summary>
    public bool VerifySignature(IEnumerable<AsymmetricAlgorithm> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        string? alg = Algorithm;
        HashAlgorithmName? hash = alg?.Length == 5 ? alg[2..] switch
        {
            "256" => HashAlgorithmName.SHA256,
            "384" => HashAlgorithmName.SHA384,
            "512" => HashAlgorithmName.SHA512,
            _ => null,
        } : null;
        if (hash is not { } hashName)
        {
            return false;
        }

        foreach (AsymmetricAlgorithm key in keys)
        {
            bool ok = (alg![..2], key) switch
            {
                ("RS", RSA rsa) => rsa.VerifyData(SigningInput, Signature, hashName, RSASignaturePadding.Pkcs1),
                ("PS", RSA rsa) => rsa.VerifyData(SigningInput, Signature, hashName, RSASignaturePadding.Pss),
                ("ES", ECDsa ec) => ec.VerifyData(SigningInput, Signature, hashName, DSASignatureFormat.IeeeP1363FixedFieldConcatenation),
                _ => false,
            };
            if (ok)
            {
                return true;
            }
        }

        return false;
    }

    /// <inheritdoc/>
    public override string ToString() => $"JWT(alg={Algorithm}, sub={Subject})";

    private static string? GetString(JsonObject? obj, string name) =>
        obj?[name] is JsonValue value && value.TryGetValue(out string? text) ? text : null;

    private static long? GetLong(JsonObject obj, string name)
    {
        if (obj[name] is not JsonValue value)
        {
            return null;
        }

        if (value.TryGetValue(out long number))
        {
            return number;
        }

        return value.TryGetValue(out double real) ? (long)real : null;
    }
}
