// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Text.Json.Nodes;
using Vault.Kubernetes.Testing.Internal;
using Vault.Kubernetes.Testing.Leases;

namespace Vault.Kubernetes.Testing.Kubernetes;

/// <summary>A Kubernetes auth role (<c>auth/&lt;mount&gt;/role/&lt;name&gt;</c>): who may log in and what token they get.</summary>
internal sealed record KubernetesAuthRole
{
    private static readonly string[] s_tokenTypes = ["default", "default-service", "default-batch", "service", "batch"];

    public required string Name { get; init; }

    public IReadOnlyList<string> BoundServiceAccountNames { get; init; } = [];

    public IReadOnlyList<string> BoundServiceAccountNamespaces { get; init; } = [];

    public string BoundServiceAccountNamespaceSelector { get; init; } = string.Empty;

    public string Audience { get; init; } = string.Empty;

    public string AliasNameSource { get; init; } = "serviceaccount_uid";

    public TimeSpan TokenTtl { get; init; }

    public TimeSpan TokenMaxTtl { get; init; }

    public TimeSpan TokenPeriod { get; init; }

    public TimeSpan TokenExplicitMaxTtl { get; init; }

    public IReadOnlyList<string> TokenPolicies { get; init; } = [];

    public IReadOnlyList<string> TokenBoundCidrs { get; init; } = [];

    public bool TokenNoDefaultPolicy { get; init; }

    public int TokenNumUses { get; init; }

    public string TokenType { get; init; } = "default-service";

    /// <summary>Gets a value indicating whether logins get batch tokens.</summary>
    public bool IssuesBatchTokens => TokenType is "batch" or "default-batch";

    /// <summary>Applies a role write (create, or update of only the sent fields) and validates the result like Vault.</summary>
    /// <exception cref="VaultRequestException">400 with Vault's validation text.</exception>
    public static KubernetesAuthRole FromRequest(string name, RequestFields fields, KubernetesAuthRole? existing)
    {
        KubernetesAuthRole role = existing ?? new KubernetesAuthRole { Name = name };
        role = role with
        {
            BoundServiceAccountNames = fields.GetStringList("bound_service_account_names") ?? role.BoundServiceAccountNames,
            BoundServiceAccountNamespaces = fields.GetStringList("bound_service_account_namespaces") ?? role.BoundServiceAccountNamespaces,
            BoundServiceAccountNamespaceSelector = fields.GetString("bound_service_account_namespace_selector") ?? role.BoundServiceAccountNamespaceSelector,
            Audience = fields.GetString("audience") ?? role.Audience,
            AliasNameSource = fields.GetString("alias_name_source") ?? role.AliasNameSource,
            TokenTtl = Duration(fields, "token_ttl", "ttl", role.TokenTtl),
            TokenMaxTtl = Duration(fields, "token_max_ttl", "max_ttl", role.TokenMaxTtl),
            TokenPeriod = Duration(fields, "token_period", "period", role.TokenPeriod),
            TokenExplicitMaxTtl = fields.GetDuration("token_explicit_max_ttl", role.TokenExplicitMaxTtl),
            TokenPolicies = fields.GetStringList("token_policies") ?? fields.GetStringList("policies") ?? role.TokenPolicies,
            TokenBoundCidrs = fields.GetStringList("token_bound_cidrs") ?? fields.GetStringList("bound_cidrs") ?? role.TokenBoundCidrs,
            TokenNoDefaultPolicy = fields.GetBool("token_no_default_policy", role.TokenNoDefaultPolicy),
            TokenNumUses = fields.Has("token_num_uses") ? fields.GetInt("token_num_uses") : fields.GetInt("num_uses", role.TokenNumUses),
            TokenType = fields.GetString("token_type") ?? role.TokenType,
        };
        role.Validate();
        return role;
    }

    /// <summary>Returns the fields a role read shows (durations as integer seconds).</summary>
    public JsonObject ToResponseData() => new()
    {
        ["alias_name_source"] = AliasNameSource,
        ["audience"] = Audience,
        ["bound_service_account_names"] = ToArray(BoundServiceAccountNames),
        ["bound_service_account_namespace_selector"] = BoundServiceAccountNamespaceSelector,
        ["bound_service_account_namespaces"] = ToArray(BoundServiceAccountNamespaces),
        ["token_bound_cidrs"] = ToArray(TokenBoundCidrs),
        ["token_explicit_max_ttl"] = Durations.Seconds(TokenExplicitMaxTtl),
        ["token_max_ttl"] = Durations.Seconds(TokenMaxTtl),
        ["token_no_default_policy"] = TokenNoDefaultPolicy,
        ["token_num_uses"] = TokenNumUses,
        ["token_period"] = Durations.Seconds(TokenPeriod),
        ["token_policies"] = ToArray(TokenPolicies),
        ["token_ttl"] = Durations.Seconds(TokenTtl),
        ["token_type"] = TokenType,
    };

    /// <summary>Returns whether <paramref name="remoteAddress"/> may log in under <c>token_bound_cidrs</c>.</summary>
    public bool AllowsRemoteAddress(IPAddress? remoteAddress)
    {
        if (TokenBoundCidrs.Count == 0)
        {
            return true;
        }

        if (remoteAddress is null)
        {
            return false;
        }

        if (remoteAddress.IsIPv4MappedToIPv6)
        {
            remoteAddress = remoteAddress.MapToIPv4();
        }

        foreach (string cidr in TokenBoundCidrs)
        {
            if (IPNetwork.TryParse(AsCidr(cidr), out IPNetwork network) && network.Contains(remoteAddress))
            {
                return true;
            }
        }

        return false;
    }

    private static TimeSpan Duration(RequestFields fields, string name, string legacyName, TimeSpan current) =>
        fields.Has(name) ? fields.GetDuration(name) : fields.GetDuration(legacyName, current);

    // A bare address in token_bound_cidrs means that single host.
    private static string AsCidr(string value) =>
        value.Contains('/', StringComparison.Ordinal) ? value : value + (value.Contains(':', StringComparison.Ordinal) ? "/128" : "/32");

    private static JsonArray ToArray(IEnumerable<string> values)
    {
        var array = new JsonArray();
        foreach (string value in values)
        {
            array.Add(value);
        }

        return array;
    }

    private void Validate()
    {
        if (BoundServiceAccountNames.Count == 0)
        {
            throw new VaultRequestException("\"bound_service_account_names\" can not be empty");
        }

        if (BoundServiceAccountNames.Count > 1 && BoundServiceAccountNames.Contains("*"))
        {
            throw new VaultRequestException("can not mix \"*\" with values");
        }

        if (BoundServiceAccountNamespaces.Count == 0 && BoundServiceAccountNamespaceSelector.Length == 0)
        {
            throw new VaultRequestException("\"bound_service_account_namespaces\" can not be empty");
        }

        if (BoundServiceAccountNamespaces.Count > 1 && BoundServiceAccountNamespaces.Contains("*"))
        {
            throw new VaultRequestException("can not mix \"*\" with values");
        }

        if (TokenMaxTtl > TimeSpan.Zero && TokenTtl > TokenMaxTtl)
        {
            throw new VaultRequestException("token ttl should not be greater than token max ttl");
        }

        if (!s_tokenTypes.Contains(TokenType))
        {
            throw new VaultRequestException($"invalid 'token_type' value \"{TokenType}\"");
        }

        if (AliasNameSource is not ("serviceaccount_uid" or "serviceaccount_name"))
        {
            throw new VaultRequestException($"invalid alias_name_source \"{AliasNameSource}\"");
        }

        foreach (string cidr in TokenBoundCidrs)
        {
            if (!IPNetwork.TryParse(AsCidr(cidr), out _))
            {
                throw new VaultRequestException($"invalid CIDR \"{cidr}\" in \"token_bound_cidrs\"");
            }
        }
    }
}
