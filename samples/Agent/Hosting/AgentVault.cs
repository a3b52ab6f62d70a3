// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using Microsoft.Extensions.Logging;
using Vault.Kubernetes.Agent.Diagnostics;
using Vault.Kubernetes.Annotations;
using Vault.Kubernetes.Authentication;
using Vault.Kubernetes.Http;
using Vault.Kubernetes.Secrets;
using Vault.Kubernetes.Sync;

namespace Vault.Kubernetes.Agent.Hosting;

/// <summary>The agent's identity in Core's session cache, plus what only the agent needs on top: the current token for the token sink, and revoke-on-shutdown.</summary>
/// <remarks>
/// The session re-reads the projected token file on every login, renews its token, logs in again before the token's max TTL
/// and whenever Vault answers <c>invalid token</c>; the agent only observes it to keep the token sink current.
/// </remarks>
internal sealed class AgentVault : IAgentVault, IAsyncDisposable
{
    private readonly VaultSessionCache _cache;
    private readonly VaultSessionHandle _handle;
    private readonly ILogger _logger;
    private SecretString? _token;

    private AgentVault(VaultSessionCache cache, VaultIdentity identity, ILogger logger, TimeProvider timeProvider)
    {
        _cache = cache;
        _handle = cache.Acquire(identity);
        _logger = logger;
        Secrets = new VaultSecretSource(_handle.Client, timeProvider);
        _handle.Session.LoggedIn += OnLoggedIn;
    }

    /// <inheritdoc/>
    public event EventHandler? TokenChanged;

    /// <inheritdoc/>
    public IVaultSecretSource Secrets { get; }

    /// <inheritdoc/>
    public VaultSession? Session => _handle.Session;

    /// <inheritdoc/>
    public SecretString? CurrentToken => Volatile.Read(ref _token);

    /// <summary>Creates the connection from the agent's configuration.</summary>
    /// <param name="config">The configuration.</param>
    /// <param name="loggerFactory">The logger factory.</param>
    /// <param name="timeProvider">The clock.</param>
    /// <param name="tokenSource">The service-account token source, or <see langword="null"/> for the projected file the configuration names.</param>
    /// <param name="configureClient">Adjusts the client options (tests turn off the client's own retries, which wait on the clock).</param>
    /// <returns>The connection; nothing is sent to Vault yet.</returns>
    /// <exception cref="AgentConfigurationException">The address or the TLS files are invalid.</exception>
    public static AgentVault Create(AgentConfig config, ILoggerFactory loggerFactory, TimeProvider timeProvider, IServiceAccountTokenSource? tokenSource = null, Action<VaultClientOptions>? configureClient = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        // Never revoke on close: leases die with the token that created them, and init's files must outlive init.
        var cacheOptions = new VaultSessionCacheOptions { IdleTimeout = TimeSpan.Zero, Session = { RevokeOnDispose = false } };
        try
        {
            VaultClientOptions clientOptions = config.Connection.ToClientOptions();
            configureClient?.Invoke(clientOptions);
            VaultKubernetesAuthOptions auth = config.Connection.Kubernetes;
            IServiceAccountTokenSource tokens = tokenSource ?? new ProjectedServiceAccountTokenSource(auth.TokenPath);
            var identity = VaultIdentity.ForKubernetes(clientOptions, auth.Role!, tokens, "file:" + auth.TokenPath, auth.MountPath);
            var cache = new VaultSessionCache(cacheOptions, loggerFactory, timeProvider);

            // Acquiring builds the client now, so a bad CA file or address fails the start with the agent's own error.
            return new AgentVault(cache, identity, loggerFactory.CreateLogger("Vault.Kubernetes.Agent"), timeProvider);
        }
        catch (Exception ex) when (ex is ArgumentException or UriFormatException)
        {
            throw new AgentConfigurationException($"Vault connection: {ex.Message}", ex);
        }
    }

    /// <inheritdoc/>
    public async Task LoginAsync(CancellationToken cancellationToken = default)
    {
        SecretString token = await _handle.Session.GetTokenAsync(cancellationToken).ConfigureAwait(false);
        Publish(token);
    }

    /// <inheritdoc/>
    public async Task RevokeTokenAsync(CancellationToken cancellationToken = default)
    {
        if (CurrentToken is not SecretString token)
        {
            return;
        }

        try
        {
            await _handle.Client.RevokeSelfAsync(token, cancellationToken).ConfigureAwait(false);
            _logger.TokenRevoked();
        }
        catch (Exception ex) when (ex is VaultException or HttpRequestException or OperationCanceledException)
        {
            _logger.TokenRevokeFailed(ex);
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        _handle.Session.LoggedIn -= OnLoggedIn;
        _handle.Dispose();
        await _cache.DisposeAsync().ConfigureAwait(false);
    }

    private void OnLoggedIn(object? sender, VaultSessionEventArgs e) => _ = RefreshTokenAsync();

    private async Task RefreshTokenAsync()
    {
        try
        {
            Publish(await _handle.Session.GetTokenAsync().ConfigureAwait(false));
        }
        catch (Exception ex) when (ex is VaultAuthenticationException or ObjectDisposedException)
        {
            // The session reports its own failures; the sink keeps the last token until the next login.
        }
    }

    private void Publish(SecretString token)
    {
        SecretString? previous = Interlocked.Exchange(ref _token, token);
        if (previous is null || !previous.Equals(token))
        {
            TokenChanged?.Invoke(this, EventArgs.Empty);
        }
    }
}
