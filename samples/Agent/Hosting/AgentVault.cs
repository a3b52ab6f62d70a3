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
    private readonly TimeProvider _timeProvider;
    private readonly string? _cachePath;
    private readonly SemaphoreSlim _cacheGate = new(1, 1);
    private SecretString? _token;

    private AgentVault(VaultSessionCache cache, VaultSessionHandle handle, ILogger logger, TimeProvider timeProvider, string? cachePath, SessionCacheContent? restored)
    {
        _cache = cache;
        _handle = handle;
        _logger = logger;
        _timeProvider = timeProvider;
        _cachePath = cachePath;
        var secrets = new VaultSecretSource(_handle.Client, timeProvider);
        Secrets = restored is null ? secrets : new RestoredSecretSource(secrets, restored.Secrets, timeProvider);
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
    /// <param name="cacheDirectory">The persistent cache's memory volume, or <see langword="null"/> for none; used only when it exists and the configuration enables the cache.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The connection, resuming the token and leases the persistent cache holds; nothing else is sent to Vault yet.</returns>
    /// <exception cref="AgentConfigurationException">The address or the TLS files are invalid.</exception>
    public static async Task<AgentVault> CreateAsync(
        AgentConfig config,
        ILoggerFactory loggerFactory,
        TimeProvider timeProvider,
        IServiceAccountTokenSource? tokenSource = null,
        Action<VaultClientOptions>? configureClient = null,
        string? cacheDirectory = null,
        CancellationToken cancellationToken = default)
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
            ILogger logger = loggerFactory.CreateLogger("Vault.Kubernetes.Agent");
            string? cachePath = config.CacheEnabled && Directory.Exists(cacheDirectory) ? Path.Join(cacheDirectory, AgentDefaults.CacheFileName) : null;
            var cache = new VaultSessionCache(cacheOptions, loggerFactory, timeProvider);

            // Acquiring builds the client now (nothing is sent yet), so a bad CA file or address fails the start with the agent's
            // own error. The same client unwraps the persistent cache; the session's first login then resumes its token.
            SessionCacheContent? restored = null;
            VaultSessionHandle handle = cache.Acquire(cachePath is null ? identity : identity.ResumingToken(() => restored?.Token));
            if (cachePath is not null)
            {
                restored = await LoadCacheAsync(cachePath, handle.Client, logger, cancellationToken).ConfigureAwait(false);
            }

            return new AgentVault(cache, handle, logger, timeProvider, cachePath, restored);
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
            if (_cachePath is not null)
            {
                // The cached token is dead; a leftover cache would only cost the next process an unwrap.
                File.Delete(_cachePath);
            }
        }
        catch (Exception ex) when (ex is VaultException or HttpRequestException or OperationCanceledException)
        {
            _logger.TokenRevokeFailed(ex);
        }
    }

    /// <inheritdoc/>
    public async Task SaveCacheAsync(IReadOnlyDictionary<string, SecretSnapshot> secrets, CancellationToken cancellationToken = default)
    {
        if (_cachePath is null || CurrentToken is not SecretString token)
        {
            return;
        }

        // The wrapped key lives as long as the token could still be resumed.
        TimeSpan lifetime = _handle.Session.CurrentTokenExpiresAt is DateTimeOffset expires ? expires - _timeProvider.GetUtcNow() : TimeSpan.FromHours(1);
        try
        {
            await _cacheGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (ObjectDisposedException)
        {
            // The sidecar is stopping; the last save stands.
            return;
        }

        try
        {
            await PersistentSessionCache.SaveAsync(_cachePath, _handle.Client, token, secrets, lifetime, cancellationToken).ConfigureAwait(false);
            _logger.CacheSaved(_cachePath, secrets.Count(s => s.Value.HasLease));
        }
        catch (Exception ex) when (ex is VaultException or IOException or HttpRequestException or ObjectDisposedException)
        {
            _logger.CacheSaveFailed(ex, _cachePath);
        }
        finally
        {
            _cacheGate.Release();
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        _handle.Session.LoggedIn -= OnLoggedIn;
        _handle.Dispose();
        _cacheGate.Dispose();
        await _cache.DisposeAsync().ConfigureAwait(false);
    }

    private static async Task<SessionCacheContent?> LoadCacheAsync(string path, VaultClient client, ILogger logger, CancellationToken cancellationToken)
    {
        try
        {
            SessionCacheContent? restored = await PersistentSessionCache.LoadAsync(path, client, cancellationToken).ConfigureAwait(false);
            if (restored is not null)
            {
                logger.CacheRestored(path, restored.Secrets.Count);
            }

            return restored;
        }
        catch (Exception ex) when (ex is InvalidDataException or VaultException or HttpRequestException)
        {
            // Not fatal: the agent logs in and reads every secret as without a cache.
            logger.CacheUnusable(path, ex.Message);
            return null;
        }
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
