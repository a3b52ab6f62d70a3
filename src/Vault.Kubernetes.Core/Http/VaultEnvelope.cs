// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;

namespace Vault.Kubernetes.Http;

/// <summary>Turns a parsed answer into a <see cref="VaultResponse"/>, or a <see cref="VaultException"/> for error statuses.</summary>
internal static class VaultEnvelope
{
    /// <summary>Returns whether the answer carries a result (success, or a 404 envelope when allowed), <see langword="false"/> for "nothing there", or throws.</summary>
    public static bool HasResult(in VaultRequest request, int status, EnvelopeWire? body, NotFoundHandling notFound)
    {
        if (status is >= 200 and < 300)
        {
            return true;
        }

        if (status == 404 && notFound != NotFoundHandling.Throw)
        {
            // 404 {"errors":[]} (or no body) = nothing stored at the path. An errors list with text (such as
            // "no handler for route") is a real error. A 404 carrying an envelope and no errors key is KV v2's answer
            // for a deleted or destroyed version, or its "invalid path" warning.
            if (body?.Errors is null || body.Errors.Count == 0)
            {
                return body is not null && body.Errors is null && notFound == NotFoundHandling.ReturnEnvelope;
            }
        }

        throw new VaultException(status, request.Path, body?.Errors, body?.RequestId);
    }

    /// <summary>Returns the <c>data</c> element, or <see langword="null"/> when absent or JSON null.</summary>
    public static JsonElement? DataOf(EnvelopeWire? body) =>
        body?.Data is { ValueKind: not JsonValueKind.Null and not JsonValueKind.Undefined } data ? data : null;

    public static VaultResponse ToResponse(int status, EnvelopeWire? body)
    {
        if (body is null)
        {
            return new VaultResponse { StatusCode = status };
        }

        return new VaultResponse
        {
            StatusCode = status,
            RequestId = body.RequestId ?? string.Empty,
            LeaseId = body.LeaseId ?? string.Empty,
            Renewable = body.Renewable,
            LeaseDuration = Seconds(body.LeaseDuration),
            Data = DataOf(body),
            Warnings = body.Warnings ?? VaultResponse.s_noStrings,
            Auth = ToAuth(body.Auth),
            WrapInfo = ToWrapInfo(body.WrapInfo),
            MountType = body.MountType,
        };
    }

    public static TimeSpan Seconds(long seconds) =>
        seconds <= 0 ? TimeSpan.Zero : seconds >= (long)TimeSpan.MaxValue.TotalSeconds ? TimeSpan.MaxValue : TimeSpan.FromSeconds(seconds);

    public static DateTimeOffset? ParseTime(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        // Vault writes RFC 3339 with up to nine fractional digits; .NET parses at most seven.
        int dot = value.IndexOf('.', StringComparison.Ordinal);
        if (dot > 0)
        {
            int end = dot + 1;
            while (end < value.Length && char.IsAsciiDigit(value[end]))
            {
                end++;
            }

            if (end - dot - 1 > 7)
            {
                value = string.Concat(value.AsSpan(0, dot + 8), value.AsSpan(end));
            }
        }

        return DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset parsed) ? parsed : null;
    }

    private static VaultAuthInfo? ToAuth(AuthWire? auth)
    {
        if (auth is null)
        {
            return null;
        }

        return new VaultAuthInfo(new SecretString(auth.ClientToken ?? string.Empty))
        {
            Accessor = auth.Accessor ?? string.Empty,
            Policies = auth.Policies ?? VaultResponse.s_noStrings,
            TokenPolicies = auth.TokenPolicies ?? VaultResponse.s_noStrings,
            Metadata = ToStringMap(auth.Metadata),
            LeaseDuration = Seconds(auth.LeaseDuration),
            Renewable = auth.Renewable,
            EntityId = auth.EntityId ?? string.Empty,
            TokenType = auth.TokenType ?? string.Empty,
            Orphan = auth.Orphan,
            NumUses = auth.NumUses,
        };
    }

    private static VaultWrapInfo? ToWrapInfo(WrapInfoWire? wrap)
    {
        if (wrap is null)
        {
            return null;
        }

        return new VaultWrapInfo(new SecretString(wrap.Token ?? string.Empty))
        {
            Accessor = wrap.Accessor ?? string.Empty,
            Ttl = Seconds(wrap.Ttl),
            CreationTime = ParseTime(wrap.CreationTime),
            CreationPath = wrap.CreationPath ?? string.Empty,
            WrappedAccessor = string.IsNullOrEmpty(wrap.WrappedAccessor) ? null : wrap.WrappedAccessor,
        };
    }

    public static IReadOnlyDictionary<string, string> ToStringMap(Dictionary<string, string?>? map)
    {
        if (map is null || map.Count == 0)
        {
            return VaultAuthInfo.s_noMetadata;
        }

        var result = new Dictionary<string, string>(map.Count, StringComparer.Ordinal);
        foreach (KeyValuePair<string, string?> pair in map)
        {
            result[pair.Key] = pair.Value ?? string.Empty;
        }

        return result;
    }
}
