// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Threading;
using System.Threading.Tasks;
using Vault.Kubernetes.Http;

namespace Vault.Kubernetes.Authentication;

/// <summary>Resumes a token an earlier process of the same identity obtained (the agent's init container leaves it to its sidecar) on the first login while Vault still accepts it; every other login is the inner method's.</summary>
/// <remarks>
/// Leases die with the token that created them, so a process that resumes the token can keep renewing the leases it inherits
/// instead of issuing new credentials. A token Vault no longer accepts (expired, revoked) falls through to a normal login.
/// </remarks>
public sealed class ResumedTokenAuthMethod : IVaultAuthMethod
{
    private readonly IVaultAuthMethod _inner;
    private Func<SecretString?>? _token;
    private int _resumed;

    /// <summary>Initializes a new instance of the <see cref="ResumedTokenAuthMethod"/> class.</summary>
    /// <param name="inner">The identity's own login.</param>
    /// <param name="token">The token to resume.</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public ResumedTokenAuthMethod(IVaultAuthMethod inner, SecretString token)
        : this(inner, Resume(token))
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ResumedTokenAuthMethod"/> class with a token known only later.</summary>
    /// <param name="inner">The identity's own login.</param>
    /// <param name="token">Returns the token to resume, or <see langword="null"/> for none; called once, at the first login.</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public ResumedTokenAuthMethod(IVaultAuthMethod inner, Func<SecretString?> token)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(token);
        _inner = inner;
        _token = token;
    }

    /// <inheritdoc/>
    public string MountPath => _inner.MountPath;

    /// <inheritdoc/>
    public string? Role => _inner.Role;

    /// <summary>Gets a value indicating whether the first login resumed the token.</summary>
    public bool Resumed => Volatile.Read(ref _resumed) == 1;

    /// <inheritdoc/>
    public async Task<VaultAuthInfo> LoginAsync(VaultClient client, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (Interlocked.Exchange(ref _token, null)?.Invoke() is SecretString token)
        {
            try
            {
                VaultAuthInfo info = await new TokenAuthMethod(token).LoginAsync(client, cancellationToken).ConfigureAwait(false);
                Volatile.Write(ref _resumed, 1);
                return info;
            }
            catch (VaultException ex) when (ex.StatusCode is 400 or 403)
            {
                // Expired or revoked: Vault answers 403 (older versions 400); a normal login follows.
            }
        }

        return await _inner.LoginAsync(client, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public override string ToString() => $"resumed token, then {_inner}";

    private static Func<SecretString?> Resume(SecretString token)
    {
        ArgumentNullException.ThrowIfNull(token);
        return () => token;
    }
}
