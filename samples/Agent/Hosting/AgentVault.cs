// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using Microsoft.Extensions.Logging;
using Vault.Kubernetes.Agent.Diagnostics;
using Vault.Kubernetes.Annotations;
using Vault.Kubernetes.Authentication;
using Vault.Kubernetes.Http;
using Vault.Kubernetes.Secrets;
using Vault.Kubernetes.Sync;

namespace Vault.Kubernetes.Agent.Hosting;

/// <summary>The agent's Vault connection: one client, one session logging in with the pod's service-account token, and the sync engine's source over it.</summary>
/// <remarks>
/// The session re-reads the projected token file on every login, renews its token, logs in again before the token's max TTL
/// and whenever Vault answers <c>invalid token</c>; the agent only observes it to keep the token sink current.
/// </remarks>
internal sealed class AgentVault : IAgentVault, IAsyncDisposable
{
    private readonly VaultClient _client;
    private readonly VaultSession _session;
    private readonly ILogger _logger;
    private SecretString? _token;

    private AgentVault(VaultClient client, VaultSession session, ILogger logger, TimeProvider timeProvider)
    {
        _client = client;
        _session = session;
        _logger = logger;
        Secrets = new VaultSecretSource(session.Client, timeProvider);
        _session.LoggedIn += OnLoggedIn;
    }

    /// <inheritdoc/>
    public event EventHandler? TokenChanged;

    /// <inheritdoc/>
    public IVaultSecretSource Secrets { get; }

    /// <inheritdoc/>
    public SecretString? CurrentToken => Volatile.Read(ref _token);

    /// <summary>Creates the connection from the agent's configuration.</summary>
    /// <param name="config">The configuration.</param>
    /// <param name="address">The address from the command line, or <see langword="null"/> for the configuration's, then <c>VAULT_ADDR</c>.</param>
    /// <param name="loggerFactory">The logger factory.</param>
    /// <param name="timeProvider">The clock.</param>
    /// <param name="tokenSource">The service-account token source, or <see langword="null"/> for the projected file at <see cref="AgentConfig.TokenPath"/>.</param>
    /// <param name="configureClient">Adjusts the client options (tests turn off the client's own retries, which wait on the clock).</param>
    /// <returns>The connection; nothing is sent to Vault yet.</returns>
    /// <exception cref="AgentConfigurationException">The address or the TLS files are invalid.</exception>
    public static AgentVault Create(AgentConfig config, string? address, ILoggerFactory loggerFactory, TimeProvider timeProvider, IServiceAccountTokenSource? tokenSource = null, Action<VaultClientOptions>? configureClient = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        string? resolved = address ?? config.VaultAddress;
        var options = new VaultClientOptions
        {
            Namespace = config.Namespace,
            CaCertificate = config.CaCert,
            TlsServerName = config.TlsServerName,
            SkipTlsVerify = config.TlsSkipVerify,
        };
        configureClient?.Invoke(options);
        VaultClient client;
        try
        {
            options.Address = resolved is null ? null : new Uri(resolved, UriKind.Absolute);
            client = new VaultClient(options, httpClient: null, loggerFactory, timeProvider);
        }
        catch (Exception ex) when (ex is ArgumentException or UriFormatException)
        {
            throw new AgentConfigurationException($"Vault connection: {ex.Message}", ex);
        }

        var method = new KubernetesAuthMethod(
            config.Role,
            tokenSource ?? new ProjectedServiceAccountTokenSource(config.TokenPath),
            config.AuthPath["auth/".Length..]);

        // Never revoke on dispose: leases die with the token that created them, and init's files must outlive init.
        var session = new VaultSession(client, method, new VaultSessionOptions { RevokeOnDispose = false }, loggerFactory, timeProvider);
        return new AgentVault(client, session, loggerFactory.CreateLogger("Vault.Kubernetes.Agent"), timeProvider);
    }

    /// <inheritdoc/>
    public async Task LoginAsync(CancellationToken cancellationToken = default)
    {
        SecretString token = await _session.GetTokenAsync(cancellationToken).ConfigureAwait(false);
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
            await _client.RevokeSelfAsync(token, cancellationToken).ConfigureAwait(false);
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
        _session.LoggedIn -= OnLoggedIn;
        await _session.DisposeAsync().ConfigureAwait(false);
        _client.Dispose();
    }

    private void OnLoggedIn(object? sender, VaultSessionEventArgs e) => _ = RefreshTokenAsync();

    private async Task RefreshTokenAsync()
    {
        try
        {
            Publish(await _session.GetTokenAsync().ConfigureAwait(false));
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
