// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Buffers.Text;
using System.Collections.Generic;
using System.Text.Json;

namespace Vault.Kubernetes.Authentication;

/// <summary>Decodes the claims of a compact-serialized JWT without verifying its signature.</summary>
/// <remarks>
/// Error messages describe what is wrong but never quote the input, and no inner exception is attached,
/// because parser messages can echo fragments of the token.
/// </remarks>
internal static class JwtClaimsReader
{
    private const string Expected = "expected three base64url segments separated by '.'";

    private static readonly double s_maxNumericDate = (DateTimeOffset.MaxValue - DateTimeOffset.UnixEpoch).TotalSeconds - 1;

    public static JwtClaims Read(string jwt)
    {
        string[] segments = jwt.Split('.');
        if (segments.Length != 3 || segments[0].Length == 0 || segments[1].Length == 0)
        {
            throw new FormatException($"The value is not a JWT: {Expected}.");
        }

        byte[] header = Decode(segments[0], "header");
        byte[] payload = Decode(segments[1], "payload");
        EnsureJsonObject(header, "header");
        EnsureJsonObject(payload, "payload");

        JwtPayload? claims;
        try
        {
            claims = JsonSerializer.Deserialize(payload, AuthenticationJsonContext.Default.JwtPayload);
        }
        catch (JsonException)
        {
            throw new FormatException("The JWT payload has a claim of an unexpected type.");
        }

        if (claims is null)
        {
            throw new FormatException("The JWT payload is not a JSON object.");
        }

        return new JwtClaims(
            claims.Subject,
            claims.Issuer,
            ReadAudiences(claims.Audience),
            FromNumericDate(claims.IssuedAt, "iat"),
            FromNumericDate(claims.ExpiresAt, "exp"),
            FromNumericDate(claims.NotBefore, "nbf"),
            claims.Kubernetes?.Namespace ?? claims.LegacyNamespace,
            claims.Kubernetes?.ServiceAccount?.Name ?? claims.LegacyServiceAccountName,
            claims.Kubernetes?.Pod?.Name);
    }

    private static byte[] Decode(string segment, string part)
    {
        try
        {
            return Base64Url.DecodeFromChars(segment);
        }
        catch (FormatException)
        {
            throw new FormatException($"The JWT {part} is not valid base64url: {Expected}.");
        }
    }

    private static void EnsureJsonObject(byte[] utf8, string part)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(utf8);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                return;
            }
        }
        catch (JsonException)
        {
            // Reported below without the parser's message, which may quote the content.
        }

        throw new FormatException($"The JWT {part} is not a JSON object.");
    }

    private static string[] ReadAudiences(JsonElement? audience)
    {
        if (audience is not { } element)
        {
            return [];
        }

        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                return [element.GetString()!];
            case JsonValueKind.Array:
                var list = new List<string>(element.GetArrayLength());
                foreach (JsonElement item in element.EnumerateArray())
                {
                    if (item.ValueKind != JsonValueKind.String)
                    {
                        throw new FormatException("The JWT 'aud' claim must be a string or an array of strings.");
                    }

                    list.Add(item.GetString()!);
                }

                return [.. list];
            case JsonValueKind.Null:
                return [];
            default:
                throw new FormatException("The JWT 'aud' claim must be a string or an array of strings.");
        }
    }

    private static DateTimeOffset? FromNumericDate(double? seconds, string claim)
    {
        if (seconds is not { } value)
        {
            return null;
        }

        if (!double.IsFinite(value) || value < 0 || value > s_maxNumericDate)
        {
            throw new FormatException($"The JWT '{claim}' claim is not a valid date.");
        }

        return DateTimeOffset.UnixEpoch.AddMilliseconds(Math.Round(value * 1000));
    }
}
