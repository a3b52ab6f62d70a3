// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using Vault.Kubernetes.Diagnostics;
using Vault.Kubernetes.Http;

namespace Vault.Kubernetes.Authentication;

/// <content>The background loop: renew-self, re-login before expiry, login retries, and revocation.</content>
public sealed partial class VaultSession
{
    // Vault reports TTLs in whole seconds, so an uncapped renewal can read up to a second short of the request.
    private static readonly TimeSpan s_ttlTolerance = TimeSpan.FromSeconds(1);

    // Only the loop touches this: the deadline it last armed a timer for.
    private DateTimeOffset _waitTarget = DateTimeOffset.MinValue;

    private async Task RunLoopAsync()
    {
        CancellationToken stopping = _stopping.Token;
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                // Read the signal before the state: a change made after this read completes it and wakes the wait below.
                Task wake = Volatile.Read(ref _wake).Task;
                DateTimeOffset now = _timeProvider.GetUtcNow();
                SessionToken? token = Volatile.Read(ref _current);
                DateTimeOffset? retryAt = NextLoginAttemptAt;

                bool loginDue = token is null
                    || !token.IsUsable(now)
                    || (token.Refresh == SessionRefresh.Login && token.RefreshAt <= now);
                if (loginDue && retryAt > now)
                {
                    await WaitAsync(retryAt, wake, stopping).ConfigureAwait(false);
                }
                else if (loginDue)
                {
                    await LoginInLoopAsync(token).ConfigureAwait(false);
                }
                else if (token!.RefreshAt is not { } refreshAt || refreshAt > now)
                {
                    await WaitAsync(token.RefreshAt, wake, stopping).ConfigureAwait(false);
                }
                else
                {
                    await RenewAsync(token, stopping).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private async Task LoginInLoopAsync(SessionToken? replacing)
    {
        try
        {
            await LoginOnceAsync(replacing).ConfigureAwait(false);
        }
        catch (VaultAuthenticationException)
        {
            // Already logged, counted and raised by the login itself; the loop waits for the retry time.
        }
        catch (ObjectDisposedException)
        {
            // Disposal raced with the login; the loop ends on its next check.
        }
    }

    /// <summary>Waits until <paramref name="until"/> (forever when <see langword="null"/>), or until <paramref name="wake"/> signals a state change.</summary>
    private async Task WaitAsync(DateTimeOffset? until, Task wake, CancellationToken stopping)
    {
        DateTimeOffset now = _timeProvider.GetUtcNow();
        TimeSpan delay = Timeout.InfiniteTimeSpan;
        if (until is { } deadline)
        {
            delay = deadline - now;
            if (delay <= TimeSpan.Zero)
            {
                return;
            }

            delay = delay > s_maxWait ? s_maxWait : delay;
        }

        using var timer = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        Task elapsed = Task.Delay(delay, _timeProvider, timer.Token);

        // A wake-up that changed nothing re-arms the same deadline; report only new deadlines.
        DateTimeOffset target = until ?? DateTimeOffset.MaxValue;
        if (target != _waitTarget)
        {
            _waitTarget = target;
            OnWaiting?.Invoke(delay);
        }

        // The clock may have moved between reading it and arming the timer; the deadline is absolute.
        if (until is not { } due || _timeProvider.GetUtcNow() < due)
        {
            Task waiting = Task.WhenAny(elapsed, wake);
            TaskCompletionSource entered;
            lock (_gate)
            {
                _waiting = waiting;
                entered = _enteredWait;
                _enteredWait = NewSignal();
            }

            entered.TrySetResult();
            await waiting.ConfigureAwait(false);
        }

        await timer.CancelAsync().ConfigureAwait(false);
        stopping.ThrowIfCancellationRequested();
    }

    private async Task RenewAsync(SessionToken token, CancellationToken stopping)
    {
        DateTimeOffset started = _timeProvider.GetUtcNow();
        using Activity? activity = VaultTelemetry.s_activitySource.StartActivity("VaultSession.Renew");
        activity?.SetTag(MountTag, _authMethod.MountPath);
        activity?.SetTag(RoleTag, _authMethod.Role);
        VaultAuthInfo auth;
        bool warnedAboutTtl;
        try
        {
            VaultResponse response = await _client.RenewSelfAsync(token.Token, _renewIncrement, stopping).ConfigureAwait(false);
            auth = response.Auth is { LeaseDuration.Ticks: > 0 } renewedAuth
                ? renewedAuth
                : throw new VaultException("Vault answered 'auth/token/renew-self' without an auth block or TTL.");
            warnedAboutTtl = HasTtlWarning(response);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
            OnRenewalFailed(token, ex);
            return;
        }

        DateTimeOffset now = _timeProvider.GetUtcNow();
        TimeSpan ttl = auth.LeaseDuration;

        // Vault measures the new TTL from now and caps it at the token's max TTL; a TTL below what was asked for
        // (or a warning about it) means renewal can no longer extend the token, so the next refresh is a login.
        TimeSpan requested = _renewIncrement ?? token.IssuedTtl;
        bool capped = !auth.Renewable || ttl < requested - s_ttlTolerance || warnedAboutTtl;
        SessionToken renewed = token with
        {
            LeaseStart = started,
            Ttl = ttl,
            Refresh = capped ? SessionRefresh.Login : SessionRefresh.Renew,
            RefreshAt = ScheduleRefresh(now, ttl),
        };

        lock (_gate)
        {
            if (!ReferenceEquals(_current, token))
            {
                // Replaced (re-login) or discarded (rejected) while renewing: the newer state wins.
                return;
            }

            _current = renewed;
            _lastRenewalAt = now;
        }

        if (capped)
        {
            _logger.VaultTokenRenewalCapped(_authMethod.MountPath, _authMethod.Role, ttl, renewed.RefreshAt, renewed.ExpiresAt);
        }
        else
        {
            _logger.VaultTokenRenewed(_authMethod.MountPath, _authMethod.Role, ttl, renewed.RefreshAt);
        }

        s_renewals.Add(1, Tags(SuccessOutcome));
        Raise(Renewed, nameof(Renewed), new VaultSessionEventArgs(now, renewed.ExpiresAt));
    }

    private void OnRenewalFailed(SessionToken token, Exception exception)
    {
        DateTimeOffset now = _timeProvider.GetUtcNow();
        bool invalid = exception is VaultException { IsInvalidToken: true };
        lock (_gate)
        {
            if (ReferenceEquals(_current, token))
            {
                // A token Vault no longer knows is useless; any other failure keeps the token for as long as it is valid
                // while the loop logs in again.
                _current = invalid ? null : token with { Refresh = SessionRefresh.Login, RefreshAt = now };
            }
        }

        _logger.VaultTokenRenewalFailed(_authMethod.MountPath, _authMethod.Role, exception);
        s_renewals.Add(1, Tags(FailureOutcome));
        s_failures.Add(1, Tags(FailureOutcome, RenewOperation));
    }

    private static bool HasTtlWarning(VaultResponse response)
    {
        foreach (string warning in response.Warnings)
        {
            if (warning.Contains("TTL", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Returns when to refresh a token whose <paramref name="ttl"/> starts now: at the renew fraction, moved earlier by jitter.</summary>
    private DateTimeOffset? ScheduleRefresh(DateTimeOffset now, TimeSpan ttl)
    {
        if (ttl <= TimeSpan.Zero)
        {
            return null;
        }

        double fraction = _renewAfterFraction - (_renewJitterFraction * Math.Clamp(_random(), 0.0, 1.0));
        TimeSpan delay = ttl * fraction;
        TimeSpan floor = ttl / 2 < s_minRefreshDelay ? ttl / 2 : s_minRefreshDelay;
        return now + (delay < floor ? floor : delay);
    }

    private async Task RevokeAsync(SessionToken token)
    {
        using var timeout = new CancellationTokenSource(_revokeTimeout, _timeProvider);
        try
        {
            await _client.RevokeSelfAsync(token.Token, timeout.Token).ConfigureAwait(false);
            _logger.VaultTokenRevoked(_authMethod.MountPath, _authMethod.Role);
        }
        catch (Exception ex)
        {
            // Shutdown must not fail because Vault is unreachable; the token simply lives until it expires.
            _logger.VaultTokenRevocationFailed(_authMethod.MountPath, _authMethod.Role, ex);
        }
    }
}
