// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Vault.Kubernetes.Diagnostics;
using Vault.Kubernetes.Http;
using Vault.Kubernetes.Leases;

namespace Vault.Kubernetes.Authentication;

/// <summary>Holds one Vault token for one identity and keeps it valid: single-flight login, renewal, re-login and revocation.</summary>
/// <remarks>
/// <para>Create one session per identity and share it (through <see cref="Client"/>) with every request of that identity;
/// never log in per secret. The first <see cref="GetTokenAsync"/> logs in (concurrent callers share that one login) and
/// starts a background loop that renews the token at <see cref="VaultSessionOptions.RenewAfterFraction"/> of its TTL
/// (with jitter) and logs in again when the token is not renewable, when renewal stops extending it (max TTL),
/// when renewal fails, or when Vault rejects it as invalid.</para>
/// <para>A failed login is state, not a crash: it is logged, counted, raised as <see cref="LoginFailed"/> and retried
/// with jittered exponential backoff (<see cref="VaultSessionOptions.LoginRetryInitialDelay"/> doubling up to
/// <see cref="VaultSessionOptions.LoginRetryMaxDelay"/>). While a still-valid token is held it keeps being served;
/// without one, callers get a <see cref="VaultAuthenticationException"/> naming the auth mount and role.</para>
/// </remarks>
public sealed partial class VaultSession : IVaultTokenProvider, IAsyncDisposable
{
    // Longest single timer wait; longer waits are re-evaluated, which keeps Task.Delay within its range.
    private static readonly TimeSpan s_maxWait = TimeSpan.FromDays(1);

    // A refresh is never scheduled sooner than this after the previous one, so tiny TTLs cannot spin the loop.
    private static readonly TimeSpan s_minRefreshDelay = TimeSpan.FromSeconds(1);

    private readonly VaultClient _client;
    private readonly IVaultAuthMethod _authMethod;
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;
    private readonly Func<double> _random;
    private readonly ExponentialBackoff _loginBackoff;
    private readonly double _renewAfterFraction;
    private readonly double _renewJitterFraction;
    private readonly TimeSpan? _renewIncrement;
    private readonly bool _revokeOnDispose;
    private readonly TimeSpan _revokeTimeout;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _gate = new();

    private SessionToken? _current;
    private TaskCompletionSource _wake = NewSignal();
    private TaskCompletionSource<SessionToken>? _pendingLogin;
    private Task? _loginRun;
    private Task? _loop;
    private int _consecutiveFailures;
    private DateTimeOffset? _nextLoginAttemptAt;
    private VaultAuthenticationException? _lastError;
    private DateTimeOffset? _lastLoginAt;
    private DateTimeOffset? _lastRenewalAt;
    private int _logins;
    private Task? _waiting;
    private TaskCompletionSource _enteredWait = NewSignal();
    private bool _disposed;

    /// <summary>Initializes a new instance of the <see cref="VaultSession"/> class.</summary>
    /// <param name="client">The client used for login, renewal and revocation; <see cref="Client"/> is derived from it.</param>
    /// <param name="authMethod">How to log in.</param>
    /// <param name="options">Timing and shutdown options; the defaults when <see langword="null"/>.</param>
    /// <param name="loggerFactory">The logger factory; no logging when <see langword="null"/>.</param>
    /// <param name="timeProvider">The clock and timers; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <param name="random">Returns uniformly distributed values in [0, 1) for jitter; <see cref="Random.Shared"/> when <see langword="null"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="client"/> or <paramref name="authMethod"/> is <see langword="null"/>.</exception>
    /// <exception cref="OptionsValidationException">An option is outside its documented range; the message names the property.</exception>
    public VaultSession(
        VaultClient client,
        IVaultAuthMethod authMethod,
        VaultSessionOptions? options = null,
        ILoggerFactory? loggerFactory = null,
        TimeProvider? timeProvider = null,
        Func<double>? random = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(authMethod);
        options ??= new VaultSessionOptions();
        ValidateOptions(options);

        _client = client;
        _authMethod = authMethod;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<VaultSession>();
        _timeProvider = timeProvider ?? TimeProvider.System;
        _random = random ?? Random.Shared.NextDouble;
        _loginBackoff = new ExponentialBackoff(options.LoginRetryInitialDelay, options.LoginRetryMaxDelay, options.LoginRetryJitterFraction);
        _renewAfterFraction = options.RenewAfterFraction;
        _renewJitterFraction = options.RenewJitterFraction;
        _renewIncrement = options.RenewIncrement;
        _revokeOnDispose = options.RevokeOnDispose;
        _revokeTimeout = options.RevokeTimeout;
        Client = client.WithTokenProvider(this);
    }

    /// <summary>Occurs after every successful login (the first one and every re-login).</summary>
    public event EventHandler<VaultSessionEventArgs>? LoggedIn;

    /// <summary>Occurs after every successful renewal of the token.</summary>
    public event EventHandler<VaultSessionEventArgs>? Renewed;

    /// <summary>Occurs after every failed login, with the error and the delay before the next attempt.</summary>
    public event EventHandler<VaultSessionEventArgs>? LoginFailed;

    /// <summary>Gets a client that authenticates every request with this session's token.</summary>
    public VaultClient Client { get; }

    /// <summary>Gets the auth method the session logs in with.</summary>
    public IVaultAuthMethod AuthMethod => _authMethod;

    /// <summary>Gets a value indicating whether the session holds a token that has not expired.</summary>
    public bool IsAuthenticated => Volatile.Read(ref _current) is { } token && token.IsUsable(_timeProvider.GetUtcNow());

    /// <summary>Gets when the current token expires, <see cref="DateTimeOffset.MaxValue"/> if it never does, or <see langword="null"/> when the session holds no token.</summary>
    public DateTimeOffset? CurrentTokenExpiresAt => Volatile.Read(ref _current)?.ExpiresAt;

    /// <summary>Gets when the current token ends for good: its expiry once renewal can no longer extend it (max TTL reached), so the next refresh is a login; otherwise <see langword="null"/>.</summary>
    internal DateTimeOffset? FinalTokenExpiry => Volatile.Read(ref _current) is { Refresh: SessionRefresh.Login } token ? token.ExpiresAt : null;

    /// <summary>Gets when the session last logged in successfully, or <see langword="null"/>.</summary>
    public DateTimeOffset? LastLoginAt
    {
        get
        {
            lock (_gate)
            {
                return _lastLoginAt;
            }
        }
    }

    /// <summary>Gets when the session last renewed its token, or <see langword="null"/>.</summary>
    public DateTimeOffset? LastRenewalAt
    {
        get
        {
            lock (_gate)
            {
                return _lastRenewalAt;
            }
        }
    }

    /// <summary>Gets the error of the last login when it failed, or <see langword="null"/> once a login succeeded.</summary>
    public Exception? LastError
    {
        get
        {
            lock (_gate)
            {
                return _lastError;
            }
        }
    }

    /// <summary>Gets when the session tries to log in again after failed logins, or <see langword="null"/> when no retry is pending.</summary>
    public DateTimeOffset? NextLoginAttemptAt
    {
        get
        {
            lock (_gate)
            {
                return _nextLoginAttemptAt;
            }
        }
    }

    /// <summary>Gets the number of logins that failed in a row (0 after a success).</summary>
    public int ConsecutiveLoginFailures
    {
        get
        {
            lock (_gate)
            {
                return _consecutiveFailures;
            }
        }
    }

    /// <summary>Called with every delay the background loop starts waiting for, so tests know the timer exists before they advance a fake clock.</summary>
    internal Action<TimeSpan>? OnWaiting { get; set; }

    /// <summary>Returns the current token, logging in first when the session holds no valid token.</summary>
    /// <param name="cancellationToken">A token to stop waiting; the shared login itself carries on for other callers.</param>
    /// <returns>The Vault token.</returns>
    /// <exception cref="VaultAuthenticationException">The login failed, or failed recently and its retry is not due yet.</exception>
    /// <exception cref="ObjectDisposedException">The session was disposed.</exception>
    public ValueTask<SecretString> GetTokenAsync(CancellationToken cancellationToken = default)
    {
        SessionToken? token = Volatile.Read(ref _current);
        if (token is not null && !Volatile.Read(ref _disposed) && token.IsUsable(_timeProvider.GetUtcNow()))
        {
            return new ValueTask<SecretString>(token.Token);
        }

        return GetTokenSlowAsync(token, cancellationToken);
    }

    /// <summary>Discards the current token when it is <paramref name="rejectedToken"/>, so that the next request logs in again.</summary>
    /// <param name="rejectedToken">The token Vault answered 403 <c>invalid token</c> to.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>A completed task.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="rejectedToken"/> is <see langword="null"/>.</exception>
    public ValueTask OnTokenRejectedAsync(SecretString rejectedToken, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rejectedToken);
        bool discarded = false;
        lock (_gate)
        {
            // A request that used an older token may report it after a re-login; that must not discard the new one.
            if (_current is { } current && (ReferenceEquals(current.Token, rejectedToken) || current.Token.Equals(rejectedToken)))
            {
                _current = null;
                discarded = true;
            }
        }

        if (discarded)
        {
            _logger.VaultSessionTokenRejected(_authMethod.MountPath, _authMethod.Role);
            Wake();
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>Returns a task that completes when the session's background work is idle: no login or renewal in flight, the loop waiting for its next deadline.</summary>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>A task that completes when the session is idle.</returns>
    /// <remarks>With a fake clock, advance time and then await this (and the engine's <c>WhenIdleAsync</c>) before looking at the result: a
    /// re-login started by the clock otherwise runs on while the test moves the clock further.</remarks>
    public Task WhenIdleAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (_disposed || _loop is null || (_waiting is { IsCompleted: false } && _pendingLogin is null))
            {
                return Task.CompletedTask;
            }

            return _enteredWait.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Stops the background loop and, when <see cref="VaultSessionOptions.RevokeOnDispose"/> is set, revokes the token.</summary>
    /// <returns>A task that completes when the loop has stopped and the revocation finished or timed out.</returns>
    public async ValueTask DisposeAsync()
    {
        Task? loop;
        Task? login;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            loop = _loop;
            login = _loginRun;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);

        // Neither task throws: both turn failures and cancellation into state.
        if (loop is not null)
        {
            await loop.ConfigureAwait(false);
        }

        if (login is not null)
        {
            await login.ConfigureAwait(false);
        }

        SessionToken? token = Interlocked.Exchange(ref _current, null);
        if (_revokeOnDispose && token is not null && token.IsUsable(_timeProvider.GetUtcNow()))
        {
            await RevokeAsync(token).ConfigureAwait(false);
        }

        _logger.VaultSessionStopped(_authMethod.MountPath, _authMethod.Role);
        _stopping.Dispose();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static void ValidateOptions(VaultSessionOptions options)
    {
        ValidateOptionsResult result = new VaultSessionOptionsValidator().Validate(Options.DefaultName, options);
        if (result.Failed)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(VaultSessionOptions), result.Failures);
        }
    }

    private async ValueTask<SecretString> GetTokenSlowAsync(SessionToken? seen, CancellationToken cancellationToken)
    {
        VaultAuthenticationException? pendingRetry = null;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _loop ??= Task.Run(RunLoopAsync, CancellationToken.None);
            DateTimeOffset now = _timeProvider.GetUtcNow();
            if (_current is { } current && current.IsUsable(now))
            {
                return current.Token;
            }

            if (_pendingLogin is null && _lastError is { } last && _nextLoginAttemptAt is { } retryAt && retryAt > now)
            {
                pendingRetry = CreateLoginError(last.InnerException, retryAt);
            }
        }

        // Failing fast while a retry is pending keeps a crowd of callers from hammering a Vault that just refused us.
        if (pendingRetry is not null)
        {
            throw pendingRetry;
        }

        SessionToken token = await LoginOnceAsync(seen).WaitAsync(cancellationToken).ConfigureAwait(false);
        return token.Token;
    }

    private void Wake() => Interlocked.Exchange(ref _wake, NewSignal()).TrySetResult();
}
