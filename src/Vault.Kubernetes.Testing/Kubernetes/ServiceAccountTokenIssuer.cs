// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Buffers.Text;
using System.Collections.Generic;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using System.Threading;

namespace Vault.Kubernetes.Testing.Kubernetes;

/// <summary>A stand-in for the Kubernetes API server's token signer: issues projected service-account JWTs (RS256).</summary>
/// <remarks>
/// Tokens carry the real bound-token claim layout (<c>iss</c>, <c>sub</c>, <c>aud</c>, <c>exp</c>, <c>iat</c>, <c>nbf</c>,
/// <c>jti</c> and the nested <c>kubernetes.io</c> object). The issuer also remembers service-account UIDs, so a
/// recreated service account (<see cref="RecreateServiceAccount"/>) invalidates its earlier tokens, as Kubernetes does.
/// </remarks>
public sealed class ServiceAccountTokenIssuer : IDisposable
{
    /// <summary>The default issuer (<c>--service-account-issuer</c>) of an in-cluster API server.</summary>
    public const string DefaultIssuer = "https://kubernetes.default.svc.cluster.local";

    private readonly RSA _key;
    private readonly TimeProvider _timeProvider;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, string> _uids = new(StringComparer.Ordinal);
    private readonly Lazy<string> _caCertificatePem;
    private TimeSpan _defaultLifetime = TimeSpan.FromHours(1);

    /// <summary>Initializes a new instance of the <see cref="ServiceAccountTokenIssuer"/> class with a fresh 2048-bit RSA key.</summary>
    /// <param name="timeProvider">The clock for <c>iat</c>/<c>exp</c>; default <see cref="TimeProvider.System"/>.</param>
    /// <param name="issuer">The <c>iss</c> claim; default <see cref="DefaultIssuer"/>.</param>
    /// <exception cref="ArgumentException"><paramref name="issuer"/> is empty.</exception>
    public ServiceAccountTokenIssuer(TimeProvider? timeProvider = null, string issuer = DefaultIssuer)
    {
        ArgumentException.ThrowIfNullOrEmpty(issuer);
        _timeProvider = timeProvider ?? TimeProvider.System;
        Issuer = issuer;
        _key = RSA.Create(2048);
        byte[] spki = _key.ExportSubjectPublicKeyInfo();

        // Kubernetes derives the key id from the SHA-256 of the DER public key.
        KeyId = Base64Url.EncodeToString(SHA256.HashData(spki));
        PublicKeyPem = PemEncoding.WriteString("PUBLIC KEY", spki);
        _caCertificatePem = new Lazy<string>(CreateCaCertificatePem);
    }

    /// <summary>Gets the <c>iss</c> claim of issued tokens.</summary>
    public string Issuer { get; }

    /// <summary>Gets the key id (<c>kid</c> header) of issued tokens.</summary>
    public string KeyId { get; }

    /// <summary>Gets the signing key's public half as a PEM "PUBLIC KEY" (usable as Vault's <c>pem_keys</c>).</summary>
    public string PublicKeyPem { get; }

    /// <summary>Gets a self-signed "cluster CA" certificate in PEM, as a projected volume's <c>ca.crt</c> carries.</summary>
    public string CaCertificatePem => _caCertificatePem.Value;

    /// <summary>Gets or sets the lifetime of tokens whose request does not set one.</summary>
    /// <value>Default one hour (the TokenRequest API default).</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is not positive.</exception>
    public TimeSpan DefaultLifetime
    {
        get => _defaultLifetime;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(value, TimeSpan.Zero);
            _defaultLifetime = value;
        }
    }

    internal TimeProvider TimeProvider => _timeProvider;

    internal RSA PublicKey
    {
        get
        {
            var rsa = RSA.Create();
            rsa.ImportSubjectPublicKeyInfo(_key.ExportSubjectPublicKeyInfo(), out _);
            return rsa;
        }
    }

    /// <summary>Returns the public key as a JSON Web Key Set (what <c>/openid/v1/jwks</c> serves).</summary>
    /// <returns>A JSON document <c>{"keys":[{"use":"sig","kty":"RSA","kid":...,"alg":"RS256","n":...,"e":...}]}</c>.</returns>
    public string GetJwks()
    {
        RSAParameters parameters = _key.ExportParameters(includePrivateParameters: false);
        var jwk = new JsonObject
        {
            ["use"] = "sig",
            ["kty"] = "RSA",
            ["kid"] = KeyId,
            ["alg"] = "RS256",
            ["n"] = Base64Url.EncodeToString(parameters.Modulus),
            ["e"] = Base64Url.EncodeToString(parameters.Exponent),
        };
        return new JsonObject { ["keys"] = new JsonArray(jwk) }.ToJsonString();
    }

    /// <summary>Returns the UID of a service account, creating the account (with a new UID) on first use.</summary>
    /// <param name="namespace">The namespace.</param>
    /// <param name="serviceAccountName">The service account name.</param>
    /// <returns>The UID that issued tokens carry in <c>kubernetes.io.serviceaccount.uid</c>.</returns>
    /// <exception cref="ArgumentException">A value is null or empty.</exception>
    public string GetServiceAccountUid(string @namespace, string serviceAccountName)
    {
        ArgumentException.ThrowIfNullOrEmpty(@namespace);
        ArgumentException.ThrowIfNullOrEmpty(serviceAccountName);
        lock (_lock)
        {
            string key = @namespace + "/" + serviceAccountName;
            if (!_uids.TryGetValue(key, out string? uid))
            {
                uid = Guid.NewGuid().ToString();
                _uids[key] = uid;
            }

            return uid;
        }
    }

    /// <summary>Deletes and recreates a service account under the same name: tokens issued before now fail token review.</summary>
    /// <param name="namespace">The namespace.</param>
    /// <param name="serviceAccountName">The service account name.</param>
    /// <returns>The new UID.</returns>
    /// <exception cref="ArgumentException">A value is null or empty.</exception>
    public string RecreateServiceAccount(string @namespace, string serviceAccountName)
    {
        ArgumentException.ThrowIfNullOrEmpty(@namespace);
        ArgumentException.ThrowIfNullOrEmpty(serviceAccountName);
        lock (_lock)
        {
            string uid = Guid.NewGuid().ToString();
            _uids[@namespace + "/" + serviceAccountName] = uid;
            return uid;
        }
    }

    /// <summary>Issues a signed projected service-account token.</summary>
    /// <param name="request">What to issue.</param>
    /// <returns>The compact JWS (three base64url parts).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The requested lifetime is not positive.</exception>
    public string IssueToken(ServiceAccountTokenRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        TimeSpan lifetime = request.Lifetime ?? DefaultLifetime;
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lifetime, TimeSpan.Zero, nameof(request));
        long now = _timeProvider.GetUtcNow().ToUnixTimeSeconds();
        var audiences = new JsonArray();
        foreach (string audience in request.Audiences ?? [Issuer])
        {
            audiences.Add(audience);
        }

        var kubernetes = new JsonObject { ["namespace"] = request.Namespace };
        if (request.PodName is not null)
        {
            kubernetes["pod"] = new JsonObject
            {
                ["name"] = request.PodName,
                ["uid"] = request.PodUid ?? GetServiceAccountUid(request.Namespace, "pod:" + request.PodName),
            };
        }

        kubernetes["serviceaccount"] = new JsonObject
        {
            ["name"] = request.ServiceAccountName,
            ["uid"] = GetServiceAccountUid(request.Namespace, request.ServiceAccountName),
        };
        var claims = new JsonObject
        {
            ["aud"] = audiences,
            ["exp"] = now + (long)lifetime.TotalSeconds,
            ["iat"] = now,
            ["iss"] = Issuer,
            ["jti"] = Guid.NewGuid().ToString(),
            ["kubernetes.io"] = kubernetes,
            ["nbf"] = now,
            ["sub"] = $"system:serviceaccount:{request.Namespace}:{request.ServiceAccountName}",
        };
        return JsonWebToken.SignRs256(new JsonObject { ["alg"] = "RS256", ["kid"] = KeyId }, claims, _key);
    }

    /// <summary>Disposes the signing key.</summary>
    public void Dispose() => _key.Dispose();

    /// <summary>Records a service account created elsewhere (a <see cref="KubernetesDevServer"/>) under its real UID.</summary>
    internal void RegisterServiceAccount(string @namespace, string serviceAccountName, string uid)
    {
        lock (_lock)
        {
            _uids[@namespace + "/" + serviceAccountName] = uid;
        }
    }

    /// <summary>Forgets a deleted service account, so its tokens stop passing <see cref="Review"/>.</summary>
    internal void ForgetServiceAccount(string @namespace, string serviceAccountName, string uid)
    {
        lock (_lock)
        {
            string key = @namespace + "/" + serviceAccountName;
            if (_uids.TryGetValue(key, out string? current) && current == uid)
            {
                _uids.Remove(key);
            }
        }
    }

    /// <summary>Returns whether this issuer signed <paramref name="token"/> (signature and <c>iss</c>; nothing else).</summary>
    internal bool Signed(JsonWebToken token) => token.VerifySignature([_key]) && token.Issuer == Issuer;

    /// <summary>Performs what a TokenReview does: signature by this issuer, not expired, service account still the same object.</summary>
    internal bool Review(JsonWebToken token)
    {
        if (!Signed(token))
        {
            return false;
        }

        long now = _timeProvider.GetUtcNow().ToUnixTimeSeconds();
        if (token.ExpiresAt is { } exp && exp <= now)
        {
            return false;
        }

        string? ns = token.Namespace;
        string? name = token.ServiceAccountName;
        if (ns is null || name is null)
        {
            return false;
        }

        lock (_lock)
        {
            return _uids.TryGetValue(ns + "/" + name, out string? uid) && uid == token.ServiceAccountUid;
        }
    }

    private string CreateCaCertificatePem()
    {
        using RSA caKey = RSA.Create(2048);
        var request = new CertificateRequest("CN=kubernetes", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign | X509KeyUsageFlags.DigitalSignature, true));
        DateTimeOffset now = _timeProvider.GetUtcNow();
        using X509Certificate2 certificate = request.CreateSelfSigned(now.AddMinutes(-5), now.AddYears(10));
        return certificate.ExportCertificatePem();
    }
}
