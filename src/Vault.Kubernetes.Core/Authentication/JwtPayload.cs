// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Text.Json;
using System.Text.Json.Serialization;

namespace Vault.Kubernetes.Authentication;

/// <summary>The JSON shape of the JWT payload claims the SDK reads (RFC 7519 plus the Kubernetes claims).</summary>
internal sealed class JwtPayload
{
    [JsonPropertyName("sub")]
    public string? Subject { get; set; }

    [JsonPropertyName("iss")]
    public string? Issuer { get; set; }

    // RFC 7519 allows a single string or an array of strings.
    [JsonPropertyName("aud")]
    public JsonElement? Audience { get; set; }

    // NumericDate may carry a fraction of a second.
    [JsonPropertyName("iat")]
    public double? IssuedAt { get; set; }

    [JsonPropertyName("exp")]
    public double? ExpiresAt { get; set; }

    [JsonPropertyName("nbf")]
    public double? NotBefore { get; set; }

    // Projected (bound) tokens nest their Kubernetes claims under one key.
    [JsonPropertyName("kubernetes.io")]
    public KubernetesJwtClaims? Kubernetes { get; set; }

    // Legacy secret-based tokens use flat keys.
    [JsonPropertyName("kubernetes.io/serviceaccount/namespace")]
    public string? LegacyNamespace { get; set; }

    [JsonPropertyName("kubernetes.io/serviceaccount/service-account.name")]
    public string? LegacyServiceAccountName { get; set; }
}

/// <summary>The <c>kubernetes.io</c> claim of a projected service-account token.</summary>
internal sealed class KubernetesJwtClaims
{
    [JsonPropertyName("namespace")]
    public string? Namespace { get; set; }

    [JsonPropertyName("serviceaccount")]
    public KubernetesObjectReference? ServiceAccount { get; set; }

    [JsonPropertyName("pod")]
    public KubernetesObjectReference? Pod { get; set; }
}

/// <summary>A <c>{name, uid}</c> reference inside the <c>kubernetes.io</c> claim.</summary>
internal sealed class KubernetesObjectReference
{
    [JsonPropertyName("name")]
    public string? Name { get; set; }

    [JsonPropertyName("uid")]
    public string? Uid { get; set; }
}
