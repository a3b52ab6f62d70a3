// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Linq;
using System.Text.Json.Nodes;

namespace Vault.Kubernetes.Testing.Internal;

/// <summary>Renders tokens as the envelope's <c>auth</c> block and as lookup <c>data</c>.</summary>
internal static class AuthBlock
{
    /// <summary>The <c>auth</c> block for login, token create and token renew responses.</summary>
    public static JsonObject From(TokenEntry token, DateTimeOffset now)
    {
        var auth = new JsonObject
        {
            ["client_token"] = token.Id,
            ["accessor"] = token.Accessor,
            ["policies"] = StringArray(token.Policies),
        };
        if (token.Policies.Count > 0)
        {
            auth["token_policies"] = StringArray(token.Policies);
        }

        auth["metadata"] = MetaObject(token);
        auth["lease_duration"] = Durations.Seconds(token.Remaining(now));
        auth["renewable"] = token.Renewable;
        auth["entity_id"] = token.EntityId;
        auth["token_type"] = token.Type;
        auth["orphan"] = token.Orphan;
        auth["mfa_requirement"] = null;
        auth["num_uses"] = Math.Max(token.NumUses, 0);
        return auth;
    }

    /// <summary>The <c>data</c> of auth/token/lookup-self and lookup.</summary>
    public static JsonObject Lookup(TokenEntry token, DateTimeOffset now)
    {
        var data = new JsonObject
        {
            ["accessor"] = token.Accessor,
            ["creation_time"] = token.CreationTime.ToUnixTimeSeconds(),
            ["creation_ttl"] = Durations.Seconds(token.CreationTtl),
            ["display_name"] = token.DisplayName,
            ["entity_id"] = token.EntityId,
            ["expire_time"] = token.ExpireTime is { } expire ? Rfc3339(expire) : null,
            ["explicit_max_ttl"] = Durations.Seconds(token.ExplicitMaxTtl),
            ["id"] = token.Id,
            ["issue_time"] = Rfc3339(token.CreationTime),
            ["meta"] = MetaObject(token),
            ["num_uses"] = Math.Max(token.NumUses, 0),
            ["orphan"] = token.Orphan,
            ["path"] = token.Path,
            ["policies"] = StringArray(token.Policies),
            ["renewable"] = token.Renewable,
            ["ttl"] = Durations.Seconds(token.Remaining(now)),
            ["type"] = token.Type,
        };
        if (token.LastRenewal is { } renewal)
        {
            data["last_renewal"] = Rfc3339(renewal);
            data["last_renewal_time"] = renewal.ToUnixTimeSeconds();
        }

        if (token.Period > TimeSpan.Zero)
        {
            data["period"] = Durations.Seconds(token.Period);
        }

        if (token.Role is not null)
        {
            data["role"] = token.Role;
        }

        return data;
    }

    /// <summary>RFC3339 with nanosecond precision, as Go's time.RFC3339Nano prints UTC times.</summary>
    public static string Rfc3339(DateTimeOffset time)
    {
        string text = time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff", System.Globalization.CultureInfo.InvariantCulture).TrimEnd('0').TrimEnd('.');
        return text + "Z";
    }

    /// <summary>A JSON array of strings.</summary>
    public static JsonArray StringArray(System.Collections.Generic.IEnumerable<string> values) => [.. values.Select(v => (JsonNode?)JsonValue.Create(v))];

    private static JsonObject? MetaObject(TokenEntry token) => JsonMaps.ToObject(token.Meta);
}
