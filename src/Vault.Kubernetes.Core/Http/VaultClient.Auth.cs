// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace Vault.Kubernetes.Http;

/// <summary>Login and token self-operations.</summary>
public partial class VaultClient
{
    /// <summary>Logs in with a Kubernetes service-account JWT: <c>POST auth/&lt;mount&gt;/login {role, jwt}</c>, sent without a token.</summary>
    /// <param name="role">The Vault role bound to the service account.</param>
    /// <param name="jwt">The service-account JWT.</param>
    /// <param name="mountPath">The mount path of the Kubernetes auth method, without <c>auth/</c>.</param>
    /// <param name="cancellationToken">The token to cancel the operation.</param>
    /// <returns>The login response; its <see cref="VaultResponse.Auth"/> is never <see langword="null"/>.</returns>
    /// <exception cref="ArgumentException"><paramref name="role"/> or <paramref name="mountPath"/> is empty.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="jwt"/> is <see langword="null"/>.</exception>
    /// <exception cref="VaultException">Vault refused the login (for example 403 <c>service account name not authorized</c>) or sent no <c>auth</c> block.</exception>
    public virtual Task<VaultResponse> LoginKubernetesAsync(string role, SecretString jwt, string mountPath = "kubernetes", CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(role);
        ArgumentNullException.ThrowIfNull(jwt);
        ArgumentException.ThrowIfNullOrEmpty(mountPath);
        string path = "auth/" + mountPath.Trim('/') + "/login";
        byte[] body = Serialize(new KubernetesLoginRequest { Role = role, Jwt = jwt.Reveal() }, VaultJsonContext.Default.KubernetesLoginRequest);
        return LoginCoreAsync(new VaultRequest("LoginKubernetes", HttpMethod.Post, path, Body: body, TokenSource: TokenSource.None), cancellationToken);
    }

    /// <summary>Logs in with any auth method: <c>POST &lt;path&gt;</c> with <paramref name="body"/> as JSON, sent without a token.</summary>
    /// <param name="path">The login path, for example <c>auth/approle/login</c>.</param>
    /// <param name="body">The login parameters.</param>
    /// <param name="cancellationToken">The token to cancel the operation.</param>
    /// <returns>The login response; its <see cref="VaultResponse.Auth"/> is never <see langword="null"/>.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="body"/> is <see langword="null"/>.</exception>
    /// <exception cref="VaultException">Vault refused the login or sent no <c>auth</c> block.</exception>
    public virtual Task<VaultResponse> LoginAsync(string path, IReadOnlyDictionary<string, string> body, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(body);
        byte[] json = Serialize(body, VaultJsonContext.Default.IReadOnlyDictionaryStringString);
        return LoginCoreAsync(new VaultRequest("Login", HttpMethod.Post, path.Trim('/'), Body: json, TokenSource: TokenSource.None), cancellationToken);
    }

    /// <summary>Looks up the given token: <c>GET auth/token/lookup-self</c>.</summary>
    /// <param name="token">The token to look up (sent as <c>X-Vault-Token</c>).</param>
    /// <param name="cancellationToken">The token to cancel the operation.</param>
    /// <returns>The response; <see cref="VaultResponse.Data"/> holds <c>ttl</c>, <c>renewable</c>, <c>policies</c>, <c>expire_time</c>, ...</returns>
    /// <exception cref="ArgumentNullException"><paramref name="token"/> is <see langword="null"/>.</exception>
    /// <exception cref="VaultException">Vault refused the request (403 for an invalid token).</exception>
    public virtual Task<VaultResponse> LookupSelfAsync(SecretString token, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(token);
        return SendRequiredAsync(new VaultRequest("LookupSelf", HttpMethod.Get, "auth/token/lookup-self", TokenSource: TokenSource.Explicit, Token: token), cancellationToken).AsTask();
    }

    /// <summary>Renews the given token: <c>POST auth/token/renew-self</c>.</summary>
    /// <param name="token">The token to renew (sent as <c>X-Vault-Token</c>).</param>
    /// <param name="increment">The requested new TTL measured from now (not added to the current one), or <see langword="null"/> for the role default.</param>
    /// <param name="cancellationToken">The token to cancel the operation.</param>
    /// <returns>The response; <see cref="VaultResponse.Auth"/> carries the new remaining TTL, and <see cref="VaultResponse.Warnings"/> says when it was capped.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="token"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="increment"/> is negative.</exception>
    /// <exception cref="VaultException">Vault refused the renewal (for example 400 <c>lease is not renewable</c>, 403 for an invalid token).</exception>
    public virtual Task<VaultResponse> RenewSelfAsync(SecretString token, TimeSpan? increment = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(token);
        if (increment is { } value)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, TimeSpan.Zero, nameof(increment));
        }

        byte[] body = Serialize(new IncrementRequest { Increment = ToSeconds(increment) }, VaultJsonContext.Default.IncrementRequest);
        return SendRequiredAsync(new VaultRequest("RenewSelf", HttpMethod.Post, "auth/token/renew-self", Body: body, TokenSource: TokenSource.Explicit, Token: token), cancellationToken).AsTask();
    }

    /// <summary>Revokes the given token, its children and its leases: <c>POST auth/token/revoke-self</c>.</summary>
    /// <param name="token">The token to revoke (sent as <c>X-Vault-Token</c>).</param>
    /// <param name="cancellationToken">The token to cancel the operation.</param>
    /// <returns>A task that completes when Vault confirmed the revocation.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="token"/> is <see langword="null"/>.</exception>
    /// <exception cref="VaultException">Vault refused the request.</exception>
    public virtual Task RevokeSelfAsync(SecretString token, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(token);
        return SendRequiredAsync(new VaultRequest("RevokeSelf", HttpMethod.Post, "auth/token/revoke-self", TokenSource: TokenSource.Explicit, Token: token), cancellationToken).AsTask();
    }

    internal static long? ToSeconds(TimeSpan? value) => value is { } span ? (long)Math.Ceiling(span.TotalSeconds) : null;

    private async Task<VaultResponse> LoginCoreAsync(VaultRequest request, CancellationToken cancellationToken)
    {
        VaultResponse response = await SendRequiredAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.Auth is null || response.Auth.ClientToken.Length == 0)
        {
            throw new VaultException(response.StatusCode, request.Path, null, response.RequestId, "the login response carries no auth block", null);
        }

        return response;
    }
}
