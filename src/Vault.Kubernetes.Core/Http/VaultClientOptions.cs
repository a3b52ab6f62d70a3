// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Net.Http;

namespace Vault.Kubernetes.Http;

/// <summary>Configures how <see cref="VaultClient"/> reaches Vault.</summary>
/// <remarks>
/// Unset values fall back to the environment variables the Vault CLI reads: <c>VAULT_ADDR</c>, <c>VAULT_NAMESPACE</c>,
/// <c>VAULT_CACERT</c> and <c>VAULT_SKIP_VERIFY</c>. The TLS settings apply only when the client creates its own
/// <see cref="System.Net.Http.HttpClient"/>; a caller-supplied client brings its own handler.
/// </remarks>
public sealed class VaultClientOptions
{
    /// <summary>Gets or sets the address of the Vault server, without the <c>/v1/</c> suffix.</summary>
    /// <value>The default is <c>VAULT_ADDR</c>, else <c>https://127.0.0.1:8200</c>.</value>
    public Uri? Address { get; set; }

    /// <summary>Gets or sets the Vault Enterprise namespace sent as <c>X-Vault-Namespace</c>.</summary>
    /// <value>The default is <c>VAULT_NAMESPACE</c>, else no namespace header.</value>
    public string? Namespace { get; set; }

    /// <summary>Gets or sets the CA bundle that signs Vault's certificate, as a PEM file path or PEM text.</summary>
    /// <value>The default is <c>VAULT_CACERT</c>, else the system trust store.</value>
    public string? CaCertificate { get; set; }

    /// <summary>Gets or sets the name to expect in Vault's certificate (SNI), when it differs from the address host.</summary>
    /// <value>The default is <see langword="null"/>: the host of <see cref="Address"/>.</value>
    public string? TlsServerName { get; set; }

    /// <summary>Gets or sets a value indicating whether the server certificate is accepted without verification.</summary>
    /// <value>The default is <see langword="false"/>, unless <c>VAULT_SKIP_VERIFY</c> is true. Never turn this on in production.</value>
    public bool SkipTlsVerify { get; set; }

    /// <summary>Gets or sets the time allowed for one attempt of a request (until Vault's response headers arrive).</summary>
    /// <value>
    /// The default is <see langword="null"/>: 60 seconds on the <see cref="HttpClient"/> the client creates itself, and the
    /// <see cref="HttpClient.Timeout"/> of a supplied client. A value bounds each attempt on the client's own
    /// <see cref="HttpClient"/>, and on a supplied one when it is shorter than that client's timeout (then measured
    /// with the client's <see cref="TimeProvider"/>). <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> disables it;
    /// otherwise it must be between 10 milliseconds and 1 day.
    /// </value>
    public TimeSpan? Timeout { get; set; }

    /// <summary>Gets or sets how many times a request is retried after a connection error, a 412, a 429 or a 5xx other than 501.</summary>
    /// <value>The default is 2 (three attempts in total); 0 disables retries; must not be negative.</value>
    public int MaxRetries { get; set; } = VaultClientDefaults.MaxRetries;

    /// <summary>Gets or sets the base delay of the jittered exponential backoff between retries.</summary>
    /// <value>The default is 500 milliseconds; at most 1 day. A <c>Retry-After</c> header from Vault takes precedence.</value>
    public TimeSpan RetryDelay { get; set; } = VaultClientDefaults.RetryDelay;

    /// <summary>Gets or sets the longest delay between two retries.</summary>
    /// <value>The default is 30 seconds; at least <see cref="RetryDelay"/> and at most 1 day.</value>
    public TimeSpan MaxRetryDelay { get; set; } = VaultClientDefaults.MaxRetryDelay;

    /// <summary>Gets headers sent with every request, such as a gateway's or proxy's (the Vault Secrets Operator's <c>VaultConnection.spec.headers</c>).</summary>
    /// <remarks>
    /// The headers the client sets itself (<c>X-Vault-Token</c>, <c>X-Vault-Namespace</c>, <c>X-Vault-Request</c>, <c>X-Vault-Wrap-TTL</c>)
    /// are refused by validation; use <see cref="Namespace"/> for the namespace. Values are treated as credentials: never logged, and
    /// only their hash is part of a <see cref="Authentication.VaultIdentity"/>'s connection key.
    /// </remarks>
    public IDictionary<string, string> Headers { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
}
