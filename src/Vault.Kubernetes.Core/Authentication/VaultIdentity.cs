// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using Vault.Kubernetes.Http;

namespace Vault.Kubernetes.Authentication;

/// <summary>Who logs in to which Vault: a connection (address, namespace, TLS), an auth mount, a role and a subject (the service account). The key of <see cref="VaultSessionCache"/>.</summary>
/// <remarks>
/// <para>Two identities are equal when their <see cref="Key"/>s are: same connection, mount, role and subject. All secrets of one identity share
/// one <see cref="VaultSession"/> (one token), however many targets or hosts use them.</para>
/// <para>The identity holds how to log in (the auth method is created when a session is opened), never a token in its key or
/// <see cref="ToString"/>: a static token is represented by a fingerprint.</para>
/// </remarks>
public sealed class VaultIdentity : IEquatable<VaultIdentity>
{
    private readonly Func<IVaultAuthMethod> _createAuthMethod;

    private VaultIdentity(VaultClientOptions connection, string authMount, string? role, string subject, Func<IVaultAuthMethod> createAuthMethod)
    {
        Connection = connection;
        AuthMount = authMount;
        Role = role;
        Subject = subject;
        _createAuthMethod = createAuthMethod;
        ConnectionKey = CreateConnectionKey(connection);
        Key = string.Create(CultureInfo.InvariantCulture, $"{ConnectionKey}|auth/{authMount}|{role}|{subject}");
    }

    /// <summary>Gets the client options of the connection (address, namespace, TLS); the session cache shares one client per connection.</summary>
    public VaultClientOptions Connection { get; }

    /// <summary>Gets the auth mount, without <c>auth/</c>: <c>kubernetes</c>, or <c>token</c> for a static token.</summary>
    public string AuthMount { get; }

    /// <summary>Gets the Vault role, or <see langword="null"/> for a static token.</summary>
    public string? Role { get; }

    /// <summary>Gets who presents the credentials: a service account (<c>system:serviceaccount:ns:name</c>), a token file, or a token fingerprint.</summary>
    public string Subject { get; }

    /// <summary>Gets the key of the connection alone: identities with equal connection keys share one HTTP client.</summary>
    public string ConnectionKey { get; }

    /// <summary>Gets the identity's key: connection, mount, role and subject; it never contains a token.</summary>
    public string Key { get; }

    /// <summary>Creates the identity of a Kubernetes login.</summary>
    /// <param name="connection">The client options of the Vault connection; copied.</param>
    /// <param name="role">The Vault role.</param>
    /// <param name="tokenSource">Where the service-account JWT comes from; re-read on every login.</param>
    /// <param name="subject">Names the service account, for example <c>system:serviceaccount:shop:api</c>; identities with the same subject share a session.</param>
    /// <param name="mountPath">The auth mount path; a leading <c>auth/</c> is accepted.</param>
    /// <returns>The identity.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="connection"/> or <paramref name="tokenSource"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="role"/>, <paramref name="subject"/> or <paramref name="mountPath"/> is empty, or the connection has no address.</exception>
    public static VaultIdentity ForKubernetes(VaultClientOptions connection, string role, IServiceAccountTokenSource tokenSource, string subject, string mountPath = KubernetesAuthMethod.DefaultMountPath)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(tokenSource);
        ArgumentException.ThrowIfNullOrWhiteSpace(role);
        ArgumentException.ThrowIfNullOrWhiteSpace(subject);
        string mount = AuthMountPath.Normalize(mountPath);
        return new VaultIdentity(Copy(connection), mount, role, subject, () => new KubernetesAuthMethod(role, tokenSource, mount));
    }

    /// <summary>Creates the identity of a static Vault token (development and tests).</summary>
    /// <param name="connection">The client options of the Vault connection; copied.</param>
    /// <param name="token">The token.</param>
    /// <returns>The identity; its subject is a fingerprint of the token, never the token.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The connection has no address.</exception>
    public static VaultIdentity ForToken(VaultClientOptions connection, SecretString token)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(token);
        string fingerprint = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token.Reveal())).AsSpan(0, 8));
        return new VaultIdentity(Copy(connection), "token", null, "token:" + fingerprint, () => new TokenAuthMethod(token));
    }

    /// <summary>Returns this identity with a first login that resumes <paramref name="token"/> while Vault still accepts it (see <see cref="ResumedTokenAuthMethod"/>).</summary>
    /// <param name="token">A token an earlier process of this identity obtained.</param>
    /// <returns>The same identity (same <see cref="Key"/>) with the resuming login.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="token"/> is <see langword="null"/>.</exception>
    public VaultIdentity ResumingToken(SecretString token)
    {
        ArgumentNullException.ThrowIfNull(token);
        return ResumingToken(() => token);
    }

    /// <summary>Returns this identity with a first login that resumes the token <paramref name="token"/> returns then, if any.</summary>
    /// <param name="token">Returns a token an earlier process of this identity obtained, or <see langword="null"/> for none;
    /// called at the first login, so a session can be opened (and its client used) before the token is known.</param>
    /// <returns>The same identity (same <see cref="Key"/>) with the resuming login.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="token"/> is <see langword="null"/>.</exception>
    public VaultIdentity ResumingToken(Func<SecretString?> token)
    {
        ArgumentNullException.ThrowIfNull(token);
        Func<IVaultAuthMethod> inner = _createAuthMethod;
        return new VaultIdentity(Connection, AuthMount, Role, Subject, () => new ResumedTokenAuthMethod(inner(), token));
    }

    /// <summary>Creates the identity configured by connection options: the static <see cref="VaultConnectionOptions.Token"/> when set, else a Kubernetes login with the projected token file.</summary>
    /// <param name="options">The connection options.</param>
    /// <param name="environment">Reads environment variables (<c>VAULT_ADDR</c>); <see langword="null"/> for the process environment.</param>
    /// <returns>The identity.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The address is missing or invalid, or no role is configured; the message names the setting.</exception>
    public static VaultIdentity FromOptions(VaultConnectionOptions options, Func<string, string?>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        VaultClientOptions client = options.ToClientOptions(environment);
        if (!string.IsNullOrWhiteSpace(options.Token))
        {
            return ForToken(client, new SecretString(options.Token));
        }

        if (string.IsNullOrWhiteSpace(options.Kubernetes.Role))
        {
            throw new ArgumentException("No Vault role: set Kubernetes:Role (or Token for development).", nameof(options));
        }

        var tokenSource = new ProjectedServiceAccountTokenSource(options.Kubernetes.TokenPath);
        return ForKubernetes(client, options.Kubernetes.Role, tokenSource, "file:" + tokenSource.Path, options.Kubernetes.MountPath);
    }

    /// <summary>Creates the auth method that logs this identity in; called once per session.</summary>
    /// <returns>A new auth method.</returns>
    public IVaultAuthMethod CreateAuthMethod() => _createAuthMethod();

    /// <inheritdoc/>
    public bool Equals(VaultIdentity? other) => other is not null && string.Equals(Key, other.Key, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as VaultIdentity);

    /// <inheritdoc/>
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Key);

    /// <summary>Describes the identity without credentials.</summary>
    /// <returns>For example <c>role 'app' at auth/kubernetes as system:serviceaccount:shop:api on https://vault:8200</c>.</returns>
    public override string ToString() =>
        Role is null ? $"{Subject} on {Connection.Address}" : $"role '{Role}' at auth/{AuthMount} as {Subject} on {Connection.Address}";

    private static string CreateConnectionKey(VaultClientOptions o)
    {
        // The CA may be PEM text: only its hash goes into the key, which logs may show.
        string ca = o.CaCertificate is null ? string.Empty : Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(o.CaCertificate)).AsSpan(0, 8));
        // Header values may be credentials (a gateway's key): only a hash of the sorted pairs goes in.
        string headers = o.Headers.Count == 0 ? string.Empty : Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(
            string.Join('\n', o.Headers.OrderBy(h => h.Key, StringComparer.OrdinalIgnoreCase).Select(h => h.Key.ToLowerInvariant() + ":" + h.Value)))).AsSpan(0, 8));
        return string.Create(CultureInfo.InvariantCulture, $"{o.Address}|{o.Namespace}|{ca}|{o.TlsServerName}|{o.SkipTlsVerify}|{headers}");
    }

    private static VaultClientOptions Copy(VaultClientOptions o)
    {
        var copy = new VaultClientOptions
        {
            Address = o.Address ?? throw new ArgumentException("The connection has no Address.", nameof(o)),
            Namespace = o.Namespace,
            CaCertificate = o.CaCertificate,
            TlsServerName = o.TlsServerName,
            SkipTlsVerify = o.SkipTlsVerify,
            Timeout = o.Timeout,
            MaxRetries = o.MaxRetries,
            RetryDelay = o.RetryDelay,
            MaxRetryDelay = o.MaxRetryDelay,
        };
        foreach (KeyValuePair<string, string> header in o.Headers)
        {
            copy.Headers[header.Key] = header.Value;
        }

        return copy;
    }
}
