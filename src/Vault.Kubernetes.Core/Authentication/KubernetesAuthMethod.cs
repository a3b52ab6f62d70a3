// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using Vault.Kubernetes.Http;

namespace Vault.Kubernetes.Authentication;

/// <summary>Logs in with Vault's Kubernetes auth method, presenting the pod's service-account JWT for a role.</summary>
/// <remarks>The JWT is read from <see cref="TokenSource"/> on every login, so a token rotated by kubelet is picked up at the next login.</remarks>
public sealed class KubernetesAuthMethod : IVaultAuthMethod
{
    /// <summary>The path the Kubernetes auth method is mounted at by default: <c>kubernetes</c>.</summary>
    public const string DefaultMountPath = "kubernetes";

    /// <summary>Initializes a new instance of the <see cref="KubernetesAuthMethod"/> class.</summary>
    /// <param name="role">The Vault role to log in as.</param>
    /// <param name="tokenSource">Where the service-account JWT comes from; the pod's projected token file when <see langword="null"/>.</param>
    /// <param name="mountPath">The mount path of the auth method; a leading <c>auth/</c> is accepted and removed.</param>
    /// <exception cref="ArgumentException"><paramref name="role"/> or <paramref name="mountPath"/> is empty.</exception>
    public KubernetesAuthMethod(string role, IServiceAccountTokenSource? tokenSource = null, string mountPath = DefaultMountPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(role);
        Role = role;
        MountPath = AuthMountPath.Normalize(mountPath);
        TokenSource = tokenSource ?? new ProjectedServiceAccountTokenSource();
    }

    /// <summary>Gets the Vault role to log in as.</summary>
    public string Role { get; }

    /// <inheritdoc/>
    /// <value>Defaults to <see cref="DefaultMountPath"/>.</value>
    public string MountPath { get; }

    /// <summary>Gets the source of the service-account JWT.</summary>
    /// <value>Defaults to a <see cref="ProjectedServiceAccountTokenSource"/> on the standard path.</value>
    public IServiceAccountTokenSource TokenSource { get; }

    /// <inheritdoc/>
    string? IVaultAuthMethod.Role => Role;

    /// <inheritdoc/>
    /// <exception cref="VaultException">Vault refused the login or answered without an <c>auth</c> block.</exception>
    public async Task<VaultAuthInfo> LoginAsync(VaultClient client, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ServiceAccountToken token = await TokenSource.GetTokenAsync(cancellationToken).ConfigureAwait(false);
        VaultResponse response;
        try
        {
            response = await client.LoginKubernetesAsync(Role, token.Jwt, MountPath, cancellationToken).ConfigureAwait(false);
        }
        catch (VaultException ex) when (ex.StatusCode is 400 or 401 or 403 && token.ExpiresAt is { } expiresAt && expiresAt <= client.Time.GetUtcNow())
        {
            // Vault only says "permission denied"; the token's own exp claim says why, and where to look.
            TimeSpan ago = client.Time.GetUtcNow() - expiresAt;
            string detail = string.Create(
                CultureInfo.InvariantCulture,
                $"the service-account token from {TokenSource} expired at {expiresAt:O} ({ago:g} ago). A projected token is rotated by the kubelet before it expires: check that the path points at a projected serviceAccountToken volume that is still mounted, not a copied token");
            throw new VaultException(ex.StatusCode, ex.Path, ex.Errors, ex.RequestId, detail, ex);
        }

        return response.Auth
            ?? throw new VaultException($"Vault answered the login at 'auth/{MountPath}/login' without an auth block.");
    }

    /// <summary>Describes the method without credentials.</summary>
    /// <returns>For example <c>kubernetes role 'app' at auth/kubernetes</c>.</returns>
    public override string ToString() => $"kubernetes role '{Role}' at auth/{MountPath}";
}
