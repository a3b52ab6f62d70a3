// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Net.Http;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;

namespace Vault.Kubernetes.Http;

/// <summary>A lean, AOT-safe client for the Vault HTTP API: logins, token self-operations, KV v1/v2, logical paths, leases, health and unwrapping.</summary>
/// <remarks>
/// <para>
/// Every request carries <c>X-Vault-Request: true</c>, <c>X-Vault-Namespace</c> when configured and, for authenticated
/// operations, <c>X-Vault-Token</c> from the <see cref="IVaultTokenProvider"/> given to <see cref="WithTokenProvider"/>.
/// Connection errors, 412, 429 (honouring <c>Retry-After</c>) and 5xx other than 501 are retried with jittered
/// exponential backoff; one 301/302/307 redirect is followed with the same method and body, never from https to http.
/// A 403 <c>invalid token</c> answer makes the token provider discard its token and the request is retried once.
/// </para>
/// <para>
/// Failures throw <see cref="VaultException"/>. The class is thread-safe. Pass an <see cref="HttpClient"/> (for example
/// from <c>IHttpClientFactory</c>, configured with <see cref="CreateHttpMessageHandler"/>) or let the client create one.
/// </para>
/// </remarks>
public partial class VaultClient : IDisposable
{
    private readonly VaultTransport? _transport;
    private readonly IVaultTokenProvider? _tokenProvider;
    private readonly bool _ownsTransport;

    /// <summary>Initializes a new instance of the <see cref="VaultClient"/> class.</summary>
    /// <param name="options">The connection options; unset values fall back to the <c>VAULT_*</c> environment variables.</param>
    /// <param name="httpClient">The HTTP client to send through, or <see langword="null"/> to create one (with redirects disabled and the TLS options applied).
    /// A supplied client should not follow redirects itself (build its handler with <see cref="CreateHttpMessageHandler"/>), so that the
    /// client's single-hop, no-downgrade redirect rule applies; its own <see cref="HttpClient.Timeout"/> also still applies.</param>
    /// <param name="loggerFactory">The logger factory, or <see langword="null"/> for no logging.</param>
    /// <param name="timeProvider">The time provider for retry delays and timeouts, or <see langword="null"/> for the system clock.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The address is not an absolute http(s) URI, or the CA certificate cannot be read.</exception>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">A retry or timeout option is out of range; the message names the property.</exception>
    public VaultClient(VaultClientOptions options, HttpClient? httpClient = null, ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null)
        : this(new VaultTransport(options, httpClient, loggerFactory, timeProvider, Environment.GetEnvironmentVariable, randomizer: null), tokenProvider: null, ownsTransport: true)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="VaultClient"/> class for mocking.</summary>
    protected VaultClient()
    {
    }

    internal VaultClient(
        VaultClientOptions options,
        HttpClient? httpClient,
        ILoggerFactory? loggerFactory,
        TimeProvider? timeProvider,
        Func<string, string?> getEnvironmentVariable,
        Func<double>? randomizer)
        : this(new VaultTransport(options, httpClient, loggerFactory, timeProvider, getEnvironmentVariable, randomizer), tokenProvider: null, ownsTransport: true)
    {
    }

    internal VaultClient(VaultTransport transport, IVaultTokenProvider? tokenProvider, bool ownsTransport)
    {
        _transport = transport;
        _tokenProvider = tokenProvider;
        _ownsTransport = ownsTransport;
    }

    /// <summary>Gets the Vault address requests go to.</summary>
    public virtual Uri Address => Transport.Address;

    /// <summary>Gets the token provider of this client, or <see langword="null"/> when it only performs unauthenticated and explicit-token operations.</summary>
    public virtual IVaultTokenProvider? TokenProvider => _tokenProvider;

    internal VaultTransport Transport => _transport ?? throw new InvalidOperationException("This VaultClient was created for mocking and has no transport.");

    /// <summary>Creates the HTTP handler the client would create itself: redirects disabled, CA bundle, TLS server name and skip-verify applied.</summary>
    /// <param name="options">The connection options; unset TLS values fall back to <c>VAULT_CACERT</c> and <c>VAULT_SKIP_VERIFY</c>.</param>
    /// <returns>A new handler, for example for <c>IHttpClientBuilder.ConfigurePrimaryHttpMessageHandler</c>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The CA certificate cannot be read.</exception>
    public static HttpMessageHandler CreateHttpMessageHandler(VaultClientOptions options) =>
        VaultHttpHandlerFactory.Create(VaultConnectionSettings.Resolve(options, Environment.GetEnvironmentVariable));

    /// <summary>Returns a client that sends the tokens of <paramref name="tokenProvider"/> and shares this client's HTTP client, pipeline and options.</summary>
    /// <param name="tokenProvider">The provider of the Vault token for authenticated operations.</param>
    /// <returns>A new client; disposing it does not dispose the shared HTTP client (the original client owns it).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="tokenProvider"/> is <see langword="null"/>.</exception>
    public virtual VaultClient WithTokenProvider(IVaultTokenProvider tokenProvider)
    {
        ArgumentNullException.ThrowIfNull(tokenProvider);
        return new VaultClient(Transport, tokenProvider, ownsTransport: false);
    }

    /// <summary>Releases the HTTP client when this client created it.</summary>
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases the HTTP client when this client created it.</summary>
    /// <param name="disposing"><see langword="true"/> when called from <see cref="Dispose()"/>.</param>
    protected virtual void Dispose(bool disposing)
    {
        if (disposing && _ownsTransport)
        {
            _transport?.Dispose();
        }
    }

    internal ValueTask<VaultResponse?> SendCoreAsync(VaultRequest request, NotFoundHandling notFound, CancellationToken cancellationToken) =>
        Transport.SendAsync(request, _tokenProvider, notFound, cancellationToken);

    internal ValueTask<(int StatusCode, EnvelopeWire? Body)> SendEnvelopeAsync(VaultRequest request, NotFoundHandling notFound, CancellationToken cancellationToken) =>
        Transport.SendEnvelopeAsync(request, _tokenProvider, notFound, cancellationToken);

    internal ValueTask<(int StatusCode, EnvelopeWire? Body)> SendEnvelopeAsync(VaultRequest request, Func<ReadOnlyMemory<byte>, EnvelopeWire?> parse, NotFoundHandling notFound, CancellationToken cancellationToken) =>
        Transport.SendEnvelopeAsync(request, _tokenProvider, parse, notFound, cancellationToken);

    internal async ValueTask<VaultResponse> SendRequiredAsync(VaultRequest request, CancellationToken cancellationToken) =>
        (await Transport.SendAsync(request, _tokenProvider, NotFoundHandling.Throw, cancellationToken).ConfigureAwait(false))!;

    internal ValueTask<(int StatusCode, T? Body)> SendRawAsync<T>(VaultRequest request, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
        where T : class =>
        Transport.SendAsync(request, _tokenProvider, json => JsonSerializer.Deserialize(json.Span, typeInfo), cancellationToken);

    internal TimeProvider Time => Transport.TimeProvider;

    internal static byte[] Serialize<T>(T value, JsonTypeInfo<T> typeInfo) => JsonSerializer.SerializeToUtf8Bytes(value, typeInfo);

    internal static string CombinePath(string mount, string path)
    {
        ReadOnlySpan<char> trimmedMount = mount.AsSpan().Trim('/');
        ReadOnlySpan<char> trimmedPath = path.AsSpan().Trim('/');
        return trimmedPath.IsEmpty ? trimmedMount.ToString()
            : trimmedMount.IsEmpty ? trimmedPath.ToString()
            : string.Concat(trimmedMount, "/", trimmedPath);
    }
}
