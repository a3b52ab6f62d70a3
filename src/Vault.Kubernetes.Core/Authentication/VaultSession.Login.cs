// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Diagnostics;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using Vault.Kubernetes.Diagnostics;
using Vault.Kubernetes.Http;

namespace Vault.Kubernetes.Authentication;

/// <content>Single-flight login and its bookkeeping.</content>
public sealed partial class VaultSession
{
    /// <summary>Joins the login in flight, or starts one unless a usable token other than <paramref name="replacing"/> is already held.</summary>
    /// <param name="replacing">The token the caller wants replaced (expired, rejected or due for re-login), or <see langword="null"/>.</param>
    private Task<SessionToken> LoginOnceAsync(SessionToken? replacing)
    {
        TaskCompletionSource<SessionToken> pending;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_pendingLogin is not null)
            {
                return _pendingLogin.Task;
            }

            if (_current is { } current && !ReferenceEquals(current, replacing) && current.IsUsable(_timeProvider.GetUtcNow()))
            {
                return Task.FromResult(current);
            }

            pending = new TaskCompletionSource<SessionToken>(TaskCreationOptions.RunContinuationsAsynchronously);
            _pendingLogin = pending;
            _loginRun = RunLoginAsync(pending);
        }

        return pending.Task;
    }

    /// <summary>Performs one login and records its outcome; never throws (the outcome goes to <paramref name="pending"/>).</summary>
    private async Task RunLoginAsync(TaskCompletionSource<SessionToken> pending)
    {
        // Leave the caller's lock before calling out: the auth method may complete synchronously.
        await Task.Yield();
        CancellationToken stopping = _stopping.Token;
        using Activity? activity = VaultTelemetry.s_activitySource.StartActivity("VaultSession.Login");
        activity?.SetTag(MountTag, _authMethod.MountPath);
        activity?.SetTag(RoleTag, _authMethod.Role);
        try
        {
            VaultAuthInfo auth = await _authMethod.LoginAsync(_client, stopping).ConfigureAwait(false);
            SessionToken token = OnLoggedIn(auth);
            pending.TrySetResult(token);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            ClearPendingLogin(pending);
            pending.TrySetException(new ObjectDisposedException(nameof(VaultSession)));
        }
        catch (Exception ex)
        {
            VaultAuthenticationException error = OnLoginFailed(ex, pending);
            activity?.SetStatus(ActivityStatusCode.Error, error.Message);
            pending.TrySetException(error);
        }
    }

    private SessionToken OnLoggedIn(VaultAuthInfo auth)
    {
        DateTimeOffset now = _timeProvider.GetUtcNow();
        TimeSpan ttl = auth.LeaseDuration > TimeSpan.Zero ? auth.LeaseDuration : TimeSpan.Zero;
        SessionToken token = new(
            auth.ClientToken,
            ttl,
            now,
            ttl,
            auth.Renewable ? SessionRefresh.Renew : SessionRefresh.Login,
            ScheduleRefresh(now, ttl));

        int logins;
        lock (_gate)
        {
            _current = token;
            _pendingLogin = null;
            _consecutiveFailures = 0;
            _nextLoginAttemptAt = null;
            _lastError = null;
            _lastLoginAt = now;
            logins = ++_logins;
        }

        _logger.VaultLoginSucceeded(_authMethod.MountPath, _authMethod.Role, ttl, auth.Renewable, token.RefreshAt);
        s_logins.Add(1, Tags(SuccessOutcome));
        Raise(LoggedIn, nameof(LoggedIn), new VaultSessionEventArgs(now, token.ExpiresAt) { LoginCount = logins });
        Wake();
        return token;
    }

    private VaultAuthenticationException OnLoginFailed(Exception exception, TaskCompletionSource<SessionToken> pending)
    {
        DateTimeOffset now = _timeProvider.GetUtcNow();
        int failures;
        TimeSpan retryDelay;
        VaultAuthenticationException error;
        lock (_gate)
        {
            failures = ++_consecutiveFailures;
            retryDelay = _loginBackoff.GetDelay(failures, _random());
            _nextLoginAttemptAt = now + retryDelay;
            error = CreateLoginError(exception, now + retryDelay);
            _lastError = error;
            if (ReferenceEquals(_pendingLogin, pending))
            {
                _pendingLogin = null;
            }
        }

        // One line with the reason; a stack trace only for what the library does not expect (a bug).
        _logger.VaultLoginFailed(_authMethod.MountPath, _authMethod.Role ?? "(none)", failures, FailureText.Describe(exception), retryDelay, FailureText.IsExpected(exception) ? null : exception);
        s_logins.Add(1, Tags(FailureOutcome));
        s_failures.Add(1, Tags(FailureOutcome, LoginOperation));
        Raise(LoginFailed, nameof(LoginFailed), new VaultSessionEventArgs(now, Volatile.Read(ref _current)?.ExpiresAt, error, retryDelay, failures));
        Wake();
        return error;
    }

    private void ClearPendingLogin(TaskCompletionSource<SessionToken> pending)
    {
        lock (_gate)
        {
            if (ReferenceEquals(_pendingLogin, pending))
            {
                _pendingLogin = null;
            }
        }
    }

    private VaultAuthenticationException CreateLoginError(Exception? cause, DateTimeOffset nextAttemptAt)
    {
        string who = _authMethod.Role is { } role
            ? string.Create(CultureInfo.InvariantCulture, $"role '{role}' at auth mount '{_authMethod.MountPath}'")
            : string.Create(CultureInfo.InvariantCulture, $"auth mount '{_authMethod.MountPath}'");
        string reason = (cause?.Message ?? "unknown error").TrimEnd().TrimEnd('.');
        string message = string.Create(
            CultureInfo.InvariantCulture,
            $"Vault login with {who} failed: {reason}. Next attempt at {nextAttemptAt:O}.");
        return new VaultAuthenticationException(message, _authMethod.MountPath, _authMethod.Role, nextAttemptAt, cause);
    }
}
