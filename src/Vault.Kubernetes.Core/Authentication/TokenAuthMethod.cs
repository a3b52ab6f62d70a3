// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Vault.Kubernetes.Http;

namespace Vault.Kubernetes.Authentication;

/// <summary>Uses an existing Vault token (development, tests, or a token issued out of band) instead of logging in.</summary>
/// <remarks>
/// Each "login" looks the token up (<c>auth/token/lookup-self</c>) to learn its remaining TTL and whether it is
/// renewable. A token with a TTL of 0, such as a root token, never expires and is never renewed.
/// </remarks>
public sealed class TokenAuthMethod : IVaultAuthMethod
{
    private readonly SecretString _token;

    /// <summary>Initializes a new instance of the <see cref="TokenAuthMethod"/> class.</summary>
    /// <param name="token">The Vault token.</param>
    /// <exception cref="ArgumentNullException"><paramref name="token"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="token"/> is empty.</exception>
    public TokenAuthMethod(SecretString token)
    {
        ArgumentNullException.ThrowIfNull(token);
        if (token.Length == 0)
        {
            throw new ArgumentException("The Vault token is empty.", nameof(token));
        }

        _token = token;
    }

    /// <inheritdoc/>
    /// <value>Always <c>token</c>.</value>
    public string MountPath => "token";

    /// <inheritdoc/>
    /// <value>Always <see langword="null"/>.</value>
    public string? Role => null;

    /// <inheritdoc/>
    /// <exception cref="VaultException">Vault rejected the token or answered without token data.</exception>
    public async Task<VaultAuthInfo> LoginAsync(VaultClient client, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        VaultResponse response = await client.LookupSelfAsync(_token, cancellationToken).ConfigureAwait(false);
        if (response.Data is not { ValueKind: JsonValueKind.Object } data)
        {
            throw new VaultException("Vault answered 'auth/token/lookup-self' without token data.");
        }

        // The model's setters are internal; building it directly keeps production code off the test-side factory.
        return new VaultAuthInfo(_token)
        {
            LeaseDuration = TimeSpan.FromSeconds(GetNumber(data, "ttl")),
            Renewable = data.TryGetProperty("renewable", out JsonElement renewable) && renewable.ValueKind == JsonValueKind.True,
            Accessor = GetString(data, "accessor"),
            Policies = GetStrings(data, "policies"),
            TokenType = GetString(data, "type"),
        };
    }

    /// <summary>Describes the method without the token.</summary>
    /// <returns>The text <c>static token</c>.</returns>
    public override string ToString() => "static token";

    private static long GetNumber(JsonElement data, string name)
        => data.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out long number) ? Math.Max(number, 0) : 0;

    private static string GetString(JsonElement data, string name)
        => data.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : string.Empty;

    private static List<string> GetStrings(JsonElement data, string name)
    {
        var list = new List<string>();
        if (data.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.Array)
        {
            foreach (JsonElement item in value.EnumerateArray())
            {
                if (item.ValueKind == JsonValueKind.String)
                {
                    list.Add(item.GetString()!);
                }
            }
        }

        return list;
    }
}
