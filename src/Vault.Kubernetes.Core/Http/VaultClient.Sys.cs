// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace Vault.Kubernetes.Http;

/// <summary>System operations: health and response unwrapping.</summary>
public partial class VaultClient
{
    /// <summary>Reads the node's health: <c>GET sys/health</c>, unauthenticated.</summary>
    /// <param name="cancellationToken">The token to cancel the operation.</param>
    /// <returns>The health; statuses 429 (standby), 472, 473, 474, 501 (not initialized), 503 (sealed) and 530 are normal answers, not exceptions.</returns>
    /// <exception cref="VaultException">No answer arrived, or the answer is not a health document.</exception>
    public virtual async Task<VaultHealth> GetHealthAsync(CancellationToken cancellationToken = default)
    {
        const string Path = "sys/health";
        (int status, HealthWire? body) = await SendRawAsync(
            new VaultRequest("GetHealth", HttpMethod.Get, Path, TokenSource: TokenSource.None, RetryOnStatus: false),
            VaultJsonContext.Default.HealthWire,
            cancellationToken).ConfigureAwait(false);
        if (body is null)
        {
            throw new VaultException(status, Path, null, null, "the answer carries no health document", null);
        }

        return new VaultHealth
        {
            StatusCode = status,
            Initialized = body.Initialized,
            Sealed = body.Sealed,
            Standby = body.Standby,
            PerformanceStandby = body.PerformanceStandby,
            ReplicationPerformanceMode = body.ReplicationPerformanceMode ?? string.Empty,
            ReplicationDrMode = body.ReplicationDrMode ?? string.Empty,
            ServerTime = body.ServerTimeUtc > 0 ? DateTimeOffset.FromUnixTimeSeconds(body.ServerTimeUtc) : null,
            Version = body.Version ?? string.Empty,
            Enterprise = body.Enterprise,
            ClusterName = body.ClusterName ?? string.Empty,
            ClusterId = body.ClusterId ?? string.Empty,
        };
    }

    /// <summary>Wraps data in a single-use wrapping token: <c>POST sys/wrapping/wrap</c> with <c>X-Vault-Wrap-TTL</c>.</summary>
    /// <param name="data">The data to wrap; only whoever presents the wrapping token to <see cref="UnwrapAsync"/> gets it back, once.</param>
    /// <param name="ttl">How long the wrapping token lives (whole seconds, at least one).</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The wrapping token and its metadata.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="data"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="ttl"/> is shorter than one second.</exception>
    /// <exception cref="VaultException">Vault refused, or answered without wrap info.</exception>
    public virtual async Task<VaultWrapInfo> WrapAsync(IReadOnlyDictionary<string, string> data, TimeSpan ttl, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfLessThan(ttl, TimeSpan.FromSeconds(1));
        const string Path = "sys/wrapping/wrap";
        byte[] json = Serialize(data, VaultJsonContext.Default.IReadOnlyDictionaryStringString);
        VaultResponse response = await SendRequiredAsync(new VaultRequest("Wrap", HttpMethod.Post, Path, Body: json, WrapTtl: ttl), cancellationToken).ConfigureAwait(false);
        return response.WrapInfo ?? throw new VaultException(200, Path, null, null, "the answer carries no wrap_info", null);
    }

    /// <summary>Unwraps a response-wrapped answer: <c>POST sys/wrapping/unwrap</c> with the wrapping token as <c>X-Vault-Token</c>.</summary>
    /// <param name="wrappingToken">The single-use wrapping token (from <see cref="VaultWrapInfo.Token"/>).</param>
    /// <param name="cancellationToken">The token to cancel the operation.</param>
    /// <returns>The original response.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="wrappingToken"/> is <see langword="null"/>.</exception>
    /// <exception cref="VaultException">Vault refused the token (400 <c>wrapping token is not valid or does not exist</c>).</exception>
    public virtual Task<VaultResponse> UnwrapAsync(SecretString wrappingToken, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(wrappingToken);
        return SendRequiredAsync(
            new VaultRequest("Unwrap", HttpMethod.Post, "sys/wrapping/unwrap", TokenSource: TokenSource.Explicit, Token: wrappingToken), cancellationToken).AsTask();
    }
}
