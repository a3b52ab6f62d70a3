// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using Vault.Kubernetes.Testing.Internal;
using Vault.Kubernetes.Testing.Leases;

namespace Vault.Kubernetes.Testing.Kubernetes;

/// <summary>The Kubernetes auth method: config, roles and login validation in the plugin's order with its exact errors.</summary>
/// <remarks>
/// After the local claim checks Vault asks the cluster with a TokenReview. When <c>kubernetes_host</c> is a loopback URL
/// (a <see cref="KubernetesDevServer"/>) that call is made over HTTP (<see cref="ClusterTokenReviewer"/>); otherwise the
/// built-in <see cref="ServiceAccountTokenIssuer"/> plays the cluster and its check stands in for the review
/// (signature, expiry, service account still the same object).
/// </remarks>
internal sealed class KubernetesAuthBackend
{
    /// <summary>The clock-skew leeway Vault allows on <c>exp</c>, <c>nbf</c> and <c>iat</c>.</summary>
    public static readonly TimeSpan ClockSkewLeeway = TimeSpan.FromSeconds(60);

    private readonly Lock _lock = new();
    private readonly Dictionary<string, KubernetesAuthRole> _roles = new(StringComparer.Ordinal);
    private readonly Lazy<ServiceAccountTokenIssuer>? _cluster;
    private readonly TimeProvider _timeProvider;
    private KubernetesAuthConfig? _config;

    /// <param name="timeProvider">The server clock.</param>
    /// <param name="cluster">The issuer acting as the API server for token review; <see langword="null"/> skips the review.</param>
    public KubernetesAuthBackend(TimeProvider timeProvider, ServiceAccountTokenIssuer? cluster)
        : this(timeProvider, cluster is null ? null : new Lazy<ServiceAccountTokenIssuer>(cluster))
    {
    }

    /// <param name="timeProvider">The server clock.</param>
    /// <param name="cluster">The issuer acting as the API server, created on first use; <see langword="null"/> skips the review.</param>
    public KubernetesAuthBackend(TimeProvider timeProvider, Lazy<ServiceAccountTokenIssuer>? cluster)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        _timeProvider = timeProvider;
        _cluster = cluster;
    }

    /// <summary>Gets the current config, or <see langword="null"/> if none was written.</summary>
    public KubernetesAuthConfig? Config
    {
        get
        {
            lock (_lock)
            {
                return _config;
            }
        }
    }

    /// <summary>Validates and stores a config write.</summary>
    /// <exception cref="VaultRequestException">400 with Vault's validation text.</exception>
    public void WriteConfig(RequestFields fields)
    {
        KubernetesAuthConfig config = KubernetesAuthConfig.FromRequest(fields);
        lock (_lock)
        {
            _config = config;
        }
    }

    /// <summary>Creates or updates a role (names are stored lower-cased).</summary>
    /// <exception cref="VaultRequestException">400 with Vault's validation text.</exception>
    public KubernetesAuthRole WriteRole(string name, RequestFields fields)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        string key = name.ToLowerInvariant();
        lock (_lock)
        {
            KubernetesAuthRole role = KubernetesAuthRole.FromRequest(key, fields, _roles.GetValueOrDefault(key));
            _roles[key] = role;
            return role;
        }
    }

    /// <summary>Returns a role, or <see langword="null"/>.</summary>
    public KubernetesAuthRole? ReadRole(string name)
    {
        lock (_lock)
        {
            return _roles.GetValueOrDefault(name.ToLowerInvariant());
        }
    }

    /// <summary>Deletes a role (no error when absent).</summary>
    public void DeleteRole(string name)
    {
        lock (_lock)
        {
            _roles.Remove(name.ToLowerInvariant());
        }
    }

    /// <summary>Lists role names in ordinal order.</summary>
    public IReadOnlyList<string> ListRoles()
    {
        lock (_lock)
        {
            return _roles.Keys.Order(StringComparer.Ordinal).ToList();
        }
    }

    /// <summary>Validates a login in the plugin's order and returns the grant, reviewing the token with the built-in issuer.</summary>
    /// <param name="roleName">The <c>role</c> field.</param>
    /// <param name="jwt">The <c>jwt</c> field.</param>
    /// <param name="remoteAddress">The client address (for <c>token_bound_cidrs</c>).</param>
    /// <exception cref="VaultRequestException">The documented status and text of the first failing check.</exception>
    public KubernetesLoginGrant Login(string? roleName, string? jwt, IPAddress? remoteAddress = null)
    {
        (KubernetesAuthRole role, JsonWebToken token, _) = Authorize(roleName, jwt, remoteAddress);
        ReviewWithIssuer(token);
        return Grant(role, token);
    }

    /// <summary>
    /// Validates a login; when <c>kubernetes_host</c> is a loopback URL (a <see cref="KubernetesDevServer"/>, or a
    /// port-forwarded cluster) the token is reviewed there with a TokenReview, as Vault does, else by the built-in issuer.
    /// </summary>
    /// <param name="roleName">The <c>role</c> field.</param>
    /// <param name="jwt">The <c>jwt</c> field.</param>
    /// <param name="remoteAddress">The client address (for <c>token_bound_cidrs</c>).</param>
    /// <param name="cancellationToken">Cancels the review call.</param>
    /// <exception cref="VaultRequestException">The documented status and text of the first failing check.</exception>
    public async ValueTask<KubernetesLoginGrant> LoginAsync(string? roleName, string? jwt, IPAddress? remoteAddress, CancellationToken cancellationToken)
    {
        (KubernetesAuthRole role, JsonWebToken token, KubernetesAuthConfig config) = Authorize(roleName, jwt, remoteAddress);
        if (ClusterTokenReviewer.Applies(config))
        {
            await ClusterTokenReviewer.ReviewAsync(config, jwt!, role.Audience, token, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            ReviewWithIssuer(token);
        }

        return Grant(role, token);
    }

    private (KubernetesAuthRole Role, JsonWebToken Token, KubernetesAuthConfig Config) Authorize(string? roleName, string? jwt, IPAddress? remoteAddress)
    {
        if (string.IsNullOrEmpty(roleName))
        {
            throw new VaultRequestException("missing role");
        }

        if (string.IsNullOrEmpty(jwt))
        {
            throw new VaultRequestException("missing jwt");
        }

        KubernetesAuthRole role = ReadRole(roleName) ?? throw new VaultRequestException($"invalid role name \"{roleName}\"");
        if (!role.AllowsRemoteAddress(remoteAddress))
        {
            throw PermissionDenied();
        }

        KubernetesAuthConfig config = Config ?? throw new VaultRequestException(500, "could not load backend configuration");
        if (!JsonWebToken.TryParse(jwt, out JsonWebToken? token))
        {
            throw PermissionDenied();
        }

        if (config.PublicKeys.Count > 0 && !token.VerifySignature(config.PublicKeys))
        {
            throw PermissionDenied();
        }

        ValidateClaims(token, role, config);

        string? ns = token.Namespace;
        string? name = token.ServiceAccountName;
        string? uid = token.ServiceAccountUid;
        if (string.IsNullOrEmpty(ns) || string.IsNullOrEmpty(name) || string.IsNullOrEmpty(uid))
        {
            throw PermissionDenied();
        }

        if (!MatchesAny(role.BoundServiceAccountNames, name))
        {
            throw new VaultRequestException(403, "service account name not authorized");
        }

        if (!MatchesAny(role.BoundServiceAccountNamespaces, ns))
        {
            throw new VaultRequestException(403, "namespace not authorized");
        }

        return (role, token, config);
    }

    private void ReviewWithIssuer(JsonWebToken token)
    {
        if (_cluster is not null && !_cluster.Value.Review(token))
        {
            throw PermissionDenied();
        }
    }

    private static KubernetesLoginGrant Grant(KubernetesAuthRole role, JsonWebToken token)
    {
        string ns = token.Namespace!;
        string name = token.ServiceAccountName!;
        string uid = token.ServiceAccountUid!;
        var policies = role.TokenPolicies.ToList();
        if (!role.TokenNoDefaultPolicy && !policies.Contains("default"))
        {
            policies.Add("default");
        }

        return new KubernetesLoginGrant
        {
            RoleName = role.Name,
            Namespace = ns,
            ServiceAccountName = name,
            ServiceAccountUid = uid,
            Policies = policies,
            Metadata = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["role"] = role.Name,
                ["service_account_name"] = name,
                ["service_account_namespace"] = ns,
                ["service_account_secret_name"] = token.SecretName ?? string.Empty,
                ["service_account_uid"] = uid,
            },
            AliasName = role.AliasNameSource == "serviceaccount_name" ? ns + "/" + name : uid,
            DisplayName = $"kubernetes-{ns}-{name}",
            Ttl = role.TokenTtl,
            MaxTtl = role.TokenMaxTtl,
            Period = role.TokenPeriod,
            ExplicitMaxTtl = role.TokenExplicitMaxTtl,
            NumUses = role.TokenNumUses,
            Batch = role.IssuesBatchTokens,
            BoundCidrs = role.TokenBoundCidrs,
        };
    }

    /// <summary>Returns whether <paramref name="value"/> matches a bound list entry ("*" or a glob with '*' wildcards).</summary>
    internal static bool MatchesAny(IReadOnlyList<string> patterns, string value) => patterns.Any(pattern => GlobMatch(pattern, value));

    private static bool GlobMatch(string pattern, string value)
    {
        if (!pattern.Contains('*', StringComparison.Ordinal))
        {
            return pattern == value;
        }

        string[] parts = pattern.Split('*');
        if (!value.StartsWith(parts[0], StringComparison.Ordinal) || !value.EndsWith(parts[^1], StringComparison.Ordinal)
            || value.Length < parts[0].Length + parts[^1].Length)
        {
            return false;
        }

        int position = parts[0].Length;
        int end = value.Length - parts[^1].Length;
        for (int i = 1; i < parts.Length - 1; i++)
        {
            int found = value.IndexOf(parts[i], position, end - position, StringComparison.Ordinal);
            if (found < 0)
            {
                return false;
            }

            position = found + parts[i].Length;
        }

        return true;
    }

    internal static VaultRequestException PermissionDenied() => new VaultRequestException(403, "permission denied");

    private void ValidateClaims(JsonWebToken token, KubernetesAuthRole role, KubernetesAuthConfig config)
    {
        if (!config.DisableIssValidation && config.Issuer.Length > 0 && token.Issuer != config.Issuer)
        {
            throw new VaultRequestException(403, "invalid issuer (iss) claim");
        }

        if (role.Audience.Length > 0 && !token.Audiences.Contains(role.Audience))
        {
            throw new VaultRequestException(403, "invalid audience (aud) claim: audience claim does not match any expected audience");
        }

        long now = _timeProvider.GetUtcNow().ToUnixTimeSeconds();
        long leeway = (long)ClockSkewLeeway.TotalSeconds;
        if (token.ExpiresAt is { } exp && now > exp + leeway)
        {
            throw new VaultRequestException(403, "invalid expiration time (exp) claim: token is expired");
        }

        if (token.NotBefore is { } nbf && now + leeway < nbf)
        {
            throw new VaultRequestException(403, "invalid not before (nbf) claim: token not yet valid");
        }

        if (token.IssuedAt is { } iat && now + leeway < iat)
        {
            throw new VaultRequestException(403, "invalid issued at (iat) claim: token issued in the future");
        }
    }
}
