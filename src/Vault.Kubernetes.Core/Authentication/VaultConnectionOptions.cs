// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using Vault.Kubernetes.Http;

namespace Vault.Kubernetes.Authentication;

/// <summary>Where Vault is and who the workload is to it: address, namespace, TLS and the auth method. One type shared by the configuration provider and every host.</summary>
/// <remarks>
/// Bound from a configuration section (the provider's <c>Vault</c> section derives from it; hosts bind it from a nested section).
/// <see cref="ToClientOptions"/> and <see cref="VaultIdentity.FromOptions"/> turn it into a client and an identity, so no host maps
/// these settings by hand.
/// </remarks>
public class VaultConnectionOptions
{
    /// <summary>Gets or sets the Vault address, for example <c>https://vault.vault.svc:8200</c>.</summary>
    /// <value>Default: <see langword="null"/> (<c>VAULT_ADDR</c>).</value>
    public string? Address { get; set; }

    /// <summary>Gets or sets the Vault Enterprise namespace sent as <c>X-Vault-Namespace</c>.</summary>
    /// <value>Default: <see langword="null"/>.</value>
    public string? Namespace { get; set; }

    /// <summary>Gets or sets the CA bundle that signs Vault's certificate: a PEM file path or the PEM text.</summary>
    /// <value>Default: <see langword="null"/> (the system store).</value>
    public string? CaCertificate { get; set; }

    /// <summary>Gets or sets the server name to verify Vault's certificate against (SNI).</summary>
    /// <value>Default: <see langword="null"/> (the host of <see cref="Address"/>).</value>
    public string? TlsServerName { get; set; }

    /// <summary>Gets or sets a value indicating whether TLS certificate verification is skipped; never do this in production.</summary>
    /// <value>Default: <see langword="false"/>.</value>
    public bool SkipTlsVerify { get; set; }

    /// <summary>Gets or sets a static Vault token to use instead of Kubernetes login (development and tests only).</summary>
    /// <value>Default: <see langword="null"/>.</value>
    /// <remarks>Never serialized: a JSON dump of the options (diagnostics, an options endpoint) must not carry the token.</remarks>
    [JsonIgnore]
    public string? Token { get; set; }

    /// <summary>Gets or sets the time one attempt of a request to Vault may take until its response headers arrive.</summary>
    /// <value>Default: <see langword="null"/> (60 seconds). Failed attempts are retried twice, so a Vault that accepts connections but never
    /// answers holds one request for three times this long; start-up is bounded separately by the host's start-up timeout.</value>
    public TimeSpan? RequestTimeout { get; set; }

    /// <summary>Gets headers sent with every request to Vault (a gateway's or proxy's), bound from <c>Vault:Headers:&lt;name&gt;</c>.</summary>
    /// <remarks>Never serialized, never logged: values may be credentials. The client's own <c>X-Vault-*</c> headers are refused.</remarks>
    [JsonIgnore]
    public Dictionary<string, string> Headers { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Gets or sets the Kubernetes auth method settings.</summary>
    public VaultKubernetesAuthOptions Kubernetes { get; set; } = new();

    /// <summary>Builds the client options of this connection.</summary>
    /// <param name="environment">Reads environment variables (<c>VAULT_ADDR</c> when <see cref="Address"/> is unset); <see langword="null"/> for the process environment.</param>
    /// <returns>New client options; adjust retries or timeouts on them as needed.</returns>
    /// <exception cref="ArgumentException">No address is configured, or it is not an absolute URI; the message names <c>Address</c>.</exception>
    public VaultClientOptions ToClientOptions(Func<string, string?>? environment = null)
    {
        string? address = ResolveAddress(environment);
        if (string.IsNullOrWhiteSpace(address))
        {
            throw new ArgumentException("No Vault address: set Address (for example https://vault.vault.svc:8200) or VAULT_ADDR.", nameof(Address));
        }

        // "vault:8200" parses as a URI with the scheme "vault": only http and https reach a Vault.
        if (!Uri.TryCreate(address, UriKind.Absolute, out Uri? uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            throw new ArgumentException($"Address '{address}' is not an http(s) URI, for example https://vault.vault.svc:8200.", nameof(Address));
        }

        var options = new VaultClientOptions
        {
            Address = uri,
            Namespace = Namespace,
            CaCertificate = CaCertificate,
            TlsServerName = TlsServerName,
            SkipTlsVerify = SkipTlsVerify,
            Timeout = RequestTimeout,
        };
        foreach (KeyValuePair<string, string> header in Headers)
        {
            options.Headers[header.Key] = header.Value;
        }

        return options;
    }

    /// <summary>Returns the address in effect: <see cref="Address"/>, else <c>VAULT_ADDR</c>.</summary>
    /// <param name="environment">Reads environment variables; <see langword="null"/> for the process environment.</param>
    /// <returns>The address, or <see langword="null"/> when neither is set.</returns>
    public string? ResolveAddress(Func<string, string?>? environment = null) =>
        string.IsNullOrWhiteSpace(Address) ? (environment ?? Environment.GetEnvironmentVariable)("VAULT_ADDR") : Address;

    /// <summary>Describes the connection without credentials.</summary>
    /// <returns>For example <c>https://vault:8200 (kubernetes role 'app' at auth/kubernetes)</c>.</returns>
    public override string ToString() =>
        $"{Address ?? "$VAULT_ADDR"} ({(string.IsNullOrEmpty(Token) ? $"kubernetes role '{Kubernetes.Role}' at auth/{Kubernetes.MountPath}" : "token")})";
}
