// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using Microsoft.Extensions.Options;
using Vault.Kubernetes.Authentication;
using Vault.Kubernetes.Http;

namespace Vault.Kubernetes.Core.Tests.Authentication;

public sealed class VaultSessionTests
{
    private static readonly TimeSpan s_fortyMinutes = TimeSpan.FromMinutes(40);

    [Fact]
    public async Task Client_IsDerivedWithSessionAsTokenProvider()
    {
        await using var harness = new SessionHarness();

        Assert.Same(harness.Session, harness.Client.ProviderSeen);
        Assert.Same(harness.Client, harness.Session.Client);
    }

    [Fact]
    public async Task GetTokenAsync_HundredConcurrentCallers_LogInExactlyOnce()
    {
        await using var harness = new SessionHarness(c => c.LoginGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        var calls = new Task<SecretString>[100];

        Parallel.For(0, calls.Length, i => calls[i] = harness.Session.GetTokenAsync(TestContext.Current.CancellationToken).AsTask());
        Assert.False(harness.Session.IsAuthenticated);
        harness.Client.LoginGate!.SetResult();
        SecretString[] tokens = await Task.WhenAll(calls).WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        Assert.Equal(1, harness.Client.Logins.Count);
        Assert.All(tokens, t => Assert.Equal(harness.Client.IssuedTokens[0], t.Reveal()));
        Assert.True(harness.Session.IsAuthenticated);
        Assert.Equal(SessionHarness.Start, harness.Session.LastLoginAt);
        Assert.Equal(SessionHarness.Start.AddHours(1), harness.Session.CurrentTokenExpiresAt);
    }

    [Fact]
    public async Task GetTokenAsync_HundredConcurrentCallersAndLoginFails_OneLoginAndEveryoneGetsError()
    {
        await using var harness = new SessionHarness(c =>
        {
            c.LoginGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            c.LoginFailure = new VaultException(403, "auth/kubernetes/login", ["permission denied"]);
        });
        var calls = new Task<SecretString>[100];

        Parallel.For(0, calls.Length, i => calls[i] = harness.Session.GetTokenAsync(TestContext.Current.CancellationToken).AsTask());
        harness.Client.LoginGate!.SetResult();

        foreach (Task<SecretString> call in calls)
        {
            await Assert.ThrowsAsync<VaultAuthenticationException>(() => call.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken));
        }

        Assert.Equal(1, harness.Client.Logins.Count);
    }

    [Fact]
    public async Task RenewalLoop_TtlOneHourMaxFourHours_RenewsEveryFortyMinutesThenLogsInBeforeMaxTtl()
    {
        await using var harness = new SessionHarness();
        string first = await harness.GetTokenAsync();

        for (int renewal = 1; renewal <= 4; renewal++)
        {
            await harness.ExpectWaitThenAdvanceAsync(s_fortyMinutes);
            await harness.Client.Renewals.WaitForAsync(renewal);
        }

        // The fifth renewal, at 3h20, is capped at the 40 minutes left of the 4h max TTL.
        await harness.ExpectWaitThenAdvanceAsync(s_fortyMinutes);

        // Re-login at 2/3 of those 40 minutes, while the old token is still valid.
        TimeSpan reloginDelay = TimeSpan.FromMinutes(40 * 2.0 / 3.0);
        Assert.Equal(reloginDelay, await harness.NextWaitAsync());
        Assert.Equal(5, harness.Client.Renewals.Count);
        Assert.Equal(SessionHarness.Start.AddHours(4), harness.Session.CurrentTokenExpiresAt);
        harness.Time.Advance(reloginDelay);
        await harness.Client.Logins.WaitForAsync(2);
        Assert.Equal(TimeSpan.FromSeconds(3 * 3600 + 20 * 60 + 1600), harness.Client.LoginTimes[1] - SessionHarness.Start);
        Assert.True(harness.Client.LoginTimes[1] < SessionHarness.Start.AddHours(4));

        // The new token starts a fresh cycle.
        Assert.Equal(s_fortyMinutes, await harness.NextWaitAsync());
        string second = await harness.GetTokenAsync();
        Assert.NotEqual(first, second);
        Assert.Equal(harness.Client.IssuedTokens[1], second);
        Assert.Equal(5, harness.Client.Renewals.Count);
        Assert.Equal(harness.Time.GetUtcNow().AddHours(1), harness.Session.CurrentTokenExpiresAt);
        Assert.Equal(SessionHarness.Start.AddMinutes(200), harness.Session.LastRenewalAt);
    }

    [Fact]
    public async Task RenewalLoop_WithJitter_RenewsEarlierButNotLater()
    {
        await using var harness = new SessionHarness(random: 1.0);
        await harness.GetTokenAsync();

        // 2/3 of the TTL minus the full 10% jitter.
        Assert.Equal(TimeSpan.FromHours(1) * ((2.0 / 3.0) - 0.1), await harness.NextWaitAsync());
    }

    [Fact]
    public async Task RenewalLoop_TinyTtl_NeverSchedulesSoonerThanOneSecond()
    {
        var options = new VaultSessionOptions { RenewAfterFraction = 0.1, RenewJitterFraction = 0 };
        await using var harness = new SessionHarness(c => c.TokenTtl = TimeSpan.FromSeconds(5), options);
        await harness.GetTokenAsync();

        Assert.Equal(TimeSpan.FromSeconds(1), await harness.NextWaitAsync());
    }

    [Fact]
    public async Task RenewalLoop_RenewIncrementSet_RequestsItAndDetectsCapAgainstIt()
    {
        var options = new VaultSessionOptions { RenewIncrement = TimeSpan.FromMinutes(30) };
        await using var harness = new SessionHarness(options: options);
        await harness.GetTokenAsync();

        await harness.ExpectWaitThenAdvanceAsync(s_fortyMinutes);
        await harness.Client.Renewals.WaitForAsync(1);

        // Renewed to the 30 minutes asked for: not capped, so the next refresh is a renewal at 20 minutes.
        await harness.ExpectWaitThenAdvanceAsync(TimeSpan.FromMinutes(20));
        await harness.Client.Renewals.WaitForAsync(2);
        Assert.Equal(1, harness.Client.Logins.Count);
    }

    [Fact]
    public async Task RenewalLoop_NonRenewableToken_LogsInAgainBeforeExpiry()
    {
        await using var harness = new SessionHarness(c => c.Renewable = false);
        string first = await harness.GetTokenAsync();

        await harness.ExpectWaitThenAdvanceAsync(s_fortyMinutes);
        await harness.Client.Logins.WaitForAsync(2);
        Assert.Equal(s_fortyMinutes, await harness.NextWaitAsync());

        Assert.Equal(0, harness.Client.Renewals.Count);
        Assert.NotEqual(first, await harness.GetTokenAsync());
    }

    [Fact]
    public async Task RenewalLoop_RenewFails_LogsInAgainAtOnce()
    {
        await using var harness = new SessionHarness(c => c.RenewFailure = new HttpRequestException("connection refused"));
        string first = await harness.GetTokenAsync();

        await harness.ExpectWaitThenAdvanceAsync(s_fortyMinutes);
        await harness.Client.Logins.WaitForAsync(2);

        Assert.Equal(s_fortyMinutes, await harness.NextWaitAsync());
        Assert.Equal(1, harness.Client.Renewals.Count);
        Assert.Equal(s_fortyMinutes, harness.Client.LoginTimes[1] - SessionHarness.Start);
        Assert.NotEqual(first, await harness.GetTokenAsync());
    }

    [Fact]
    public async Task RenewalLoop_RenewAndLoginFail_KeepsServingTokenUntilItExpires()
    {
        await using var harness = new SessionHarness(c => c.RenewFailure = new HttpRequestException("connection refused"));
        string first = await harness.GetTokenAsync();
        harness.Client.LoginFailure = new HttpRequestException("connection refused");

        await harness.ExpectWaitThenAdvanceAsync(s_fortyMinutes);
        await harness.Client.Logins.WaitForAsync(2);
        Assert.Equal(TimeSpan.FromSeconds(1), await harness.NextWaitAsync());

        Assert.Equal(first, await harness.GetTokenAsync());
        Assert.True(harness.Session.IsAuthenticated);
        Assert.IsType<VaultAuthenticationException>(harness.Session.LastError);

        harness.Time.Advance(TimeSpan.FromMinutes(20));
        Assert.False(harness.Session.IsAuthenticated);
        await Assert.ThrowsAsync<VaultAuthenticationException>(harness.GetTokenAsync);
    }

    [Fact]
    public async Task RenewalLoop_RenewSaysInvalidToken_DiscardsTokenAndLogsIn()
    {
        await using var harness = new SessionHarness(c => c.RenewFailure = new VaultException(403, "auth/token/renew-self", ["invalid token"]));
        await harness.GetTokenAsync();

        await harness.ExpectWaitThenAdvanceAsync(s_fortyMinutes);
        await harness.Client.Logins.WaitForAsync(2);

        Assert.Equal(harness.Client.IssuedTokens[1], await harness.GetTokenAsync());
    }

    [Fact]
    public async Task OnTokenRejectedAsync_CurrentToken_NextCallLogsInAgain()
    {
        await using var harness = new SessionHarness();
        string first = await harness.GetTokenAsync();

        await harness.Session.OnTokenRejectedAsync(new SecretString(first), TestContext.Current.CancellationToken);
        Assert.False(harness.Session.IsAuthenticated);
        string second = await harness.GetTokenAsync();

        Assert.NotEqual(first, second);
        Assert.Equal(2, harness.Client.Logins.Count);
    }

    [Fact]
    public async Task OnTokenRejectedAsync_StaleToken_KeepsCurrentToken()
    {
        await using var harness = new SessionHarness();
        string first = await harness.GetTokenAsync();
        await harness.Session.OnTokenRejectedAsync(new SecretString(first), TestContext.Current.CancellationToken);
        string second = await harness.GetTokenAsync();

        await harness.Session.OnTokenRejectedAsync(new SecretString(first), TestContext.Current.CancellationToken);

        Assert.True(harness.Session.IsAuthenticated);
        Assert.Equal(second, await harness.GetTokenAsync());
        Assert.Equal(2, harness.Client.Logins.Count);
    }

    [Fact]
    public async Task LoginFailures_BackOffExponentiallyCappedAtFiveMinutes_ThenRecover()
    {
        var failures = new List<VaultSessionEventArgs>();
        await using var harness = new SessionHarness(c => c.LoginFailure = new VaultException(403, "auth/kubernetes/login", ["permission denied"]));
        harness.Session.LoginFailed += (_, e) => { lock (failures) { failures.Add(e); } };

        VaultAuthenticationException error = await Assert.ThrowsAsync<VaultAuthenticationException>(harness.GetTokenAsync);
        int[] expectedSeconds = [1, 2, 4, 8, 16, 32, 64, 128, 256, 300, 300];
        foreach (int seconds in expectedSeconds)
        {
            // The loop arms its timer only after the failed login is recorded, so the state is settled here.
            TimeSpan delay = TimeSpan.FromSeconds(seconds);
            Assert.Equal(delay, await harness.NextWaitAsync());
            Assert.Equal(harness.Time.GetUtcNow() + delay, harness.Session.NextLoginAttemptAt);
            Assert.False(harness.Session.IsAuthenticated);
            harness.Time.Advance(delay);
        }

        Assert.Equal(TimeSpan.FromMinutes(5), await harness.NextWaitAsync());
        Assert.Equal(12, harness.Client.Logins.Count);
        Assert.Equal(12, harness.Session.ConsecutiveLoginFailures);
        harness.Client.LoginFailure = null;
        harness.Time.Advance(TimeSpan.FromMinutes(5));
        lock (failures)
        {
            Assert.Equal(expectedSeconds, failures.Take(expectedSeconds.Length).Select(f => (int)f.RetryDelay!.Value.TotalSeconds));
            Assert.All(failures, f => Assert.IsType<VaultAuthenticationException>(f.Error));
        }

        await harness.Client.Logins.WaitForAsync(13);
        Assert.Equal(s_fortyMinutes, await harness.NextWaitAsync());
        Assert.True(harness.Session.IsAuthenticated);
        Assert.Null(harness.Session.LastError);
        Assert.Null(harness.Session.NextLoginAttemptAt);
        Assert.Equal(0, harness.Session.ConsecutiveLoginFailures);
        Assert.Contains("role 'app'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetTokenAsync_LoginFails_ThrowsAuthenticationErrorNamingRoleAndMount()
    {
        await using var harness = new SessionHarness(c => c.LoginFailure = new VaultException(403, "auth/kubernetes/login", ["service account name not authorized"]));

        VaultAuthenticationException error = await Assert.ThrowsAsync<VaultAuthenticationException>(harness.GetTokenAsync);

        Assert.Contains("role 'app'", error.Message, StringComparison.Ordinal);
        Assert.Contains("auth mount 'kubernetes'", error.Message, StringComparison.Ordinal);
        Assert.Contains("service account name not authorized", error.Message, StringComparison.Ordinal);
        Assert.Equal("app", error.Role);
        Assert.Equal("kubernetes", error.MountPath);
        Assert.Equal(SessionHarness.Start.AddSeconds(1), error.NextAttemptAt);
        Assert.IsType<VaultException>(error.InnerException);
        Assert.Same(error, harness.Session.LastError);
    }

    [Fact]
    public async Task GetTokenAsync_NetworkError_IsWrappedNotRaw()
    {
        await using var harness = new SessionHarness(c => c.LoginFailure = new HttpRequestException("Connection refused (vault:8200)"));

        VaultAuthenticationException error = await Assert.ThrowsAsync<VaultAuthenticationException>(harness.GetTokenAsync);

        Assert.IsType<HttpRequestException>(error.InnerException);
        Assert.Contains("Connection refused", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetTokenAsync_DuringLoginBackoff_FailsFastWithoutLoggingIn()
    {
        await using var harness = new SessionHarness(c => c.LoginFailure = new HttpRequestException("connection refused"));
        await Assert.ThrowsAsync<VaultAuthenticationException>(harness.GetTokenAsync);
        Assert.Equal(TimeSpan.FromSeconds(1), await harness.NextWaitAsync());

        VaultAuthenticationException again = await Assert.ThrowsAsync<VaultAuthenticationException>(harness.GetTokenAsync);

        Assert.Equal(1, harness.Client.Logins.Count);
        Assert.Equal(SessionHarness.Start.AddSeconds(1), again.NextAttemptAt);
        Assert.Contains(SessionHarness.Start.AddSeconds(1).ToString("O"), again.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Events_LoginAndRenewal_AreRaisedAndHandlerErrorsDoNotStopTheSession()
    {
        var loggedIn = new TaskCompletionSource<VaultSessionEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        var renewed = new TaskCompletionSource<VaultSessionEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var harness = new SessionHarness();
        harness.Session.LoggedIn += (_, e) => loggedIn.TrySetResult(e);
        harness.Session.LoggedIn += (_, _) => throw new InvalidOperationException("subscriber bug");
        harness.Session.Renewed += (_, e) => renewed.TrySetResult(e);

        await harness.GetTokenAsync();
        await harness.ExpectWaitThenAdvanceAsync(s_fortyMinutes);

        VaultSessionEventArgs login = await loggedIn.Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        VaultSessionEventArgs renewal = await renewed.Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        Assert.Equal(SessionHarness.Start.AddHours(1), login.TokenExpiresAt);
        Assert.Equal(SessionHarness.Start.AddMinutes(100), renewal.TokenExpiresAt);
        Assert.Equal(SessionHarness.Start.AddMinutes(40), renewal.Timestamp);
    }

    [Fact]
    public async Task TokenAuthMethod_RootToken_NeverRenewedOrReplaced()
    {
        await using var harness = new SessionHarness(
            c => { c.TokenTtl = TimeSpan.Zero; c.Renewable = false; },
            authMethod: new TokenAuthMethod(new SecretString("hvs.root-token")));

        Assert.Equal("hvs.root-token", await harness.GetTokenAsync());
        Assert.Equal(Timeout.InfiniteTimeSpan, await harness.NextWaitAsync());

        harness.Time.Advance(TimeSpan.FromDays(400));
        Assert.True(harness.Session.IsAuthenticated);
        Assert.Equal(DateTimeOffset.MaxValue, harness.Session.CurrentTokenExpiresAt);
        Assert.Equal("hvs.root-token", await harness.GetTokenAsync());
        Assert.Equal(0, harness.Client.Renewals.Count);
    }

    [Fact]
    public async Task TokenAuthMethod_RenewableToken_UsesLookupTtlAndRenews()
    {
        await using var harness = new SessionHarness(
            c => c.TokenTtl = TimeSpan.FromHours(3),
            authMethod: new TokenAuthMethod(new SecretString("hvs.dev-token")));

        await harness.GetTokenAsync();

        Assert.Equal(TimeSpan.FromHours(2), await harness.NextWaitAsync());
        Assert.Equal(SessionHarness.Start.AddHours(3), harness.Session.CurrentTokenExpiresAt);
    }

    [Fact]
    public async Task DisposeAsync_LoopWaiting_StopsPromptlyAndRevokesWhenConfigured()
    {
        var harness = new SessionHarness(options: new VaultSessionOptions { RevokeOnDispose = true });
        string token = await harness.GetTokenAsync();
        Assert.Equal(s_fortyMinutes, await harness.NextWaitAsync());

        await harness.Session.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        Assert.Equal([token], harness.Client.RevokedTokens);
        harness.Time.Advance(TimeSpan.FromHours(5));
        Assert.Equal(0, harness.Client.Renewals.Count);
        Assert.Equal(1, harness.Client.Logins.Count);
        Assert.False(harness.Session.IsAuthenticated);
        await Assert.ThrowsAsync<ObjectDisposedException>(harness.GetTokenAsync);
    }

    [Fact]
    public async Task DisposeAsync_Default_DoesNotRevoke()
    {
        var harness = new SessionHarness();
        await harness.GetTokenAsync();

        await harness.Session.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        await harness.Session.DisposeAsync();

        Assert.Empty(harness.Client.RevokedTokens);
    }

    [Fact]
    public async Task DisposeAsync_LoginInFlight_CompletesAndCallerSeesDisposed()
    {
        var harness = new SessionHarness(c => c.LoginGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        Task<string> call = harness.GetTokenAsync();
        await harness.Client.LoginsStarted.WaitForAsync(1);

        await harness.Session.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        await Assert.ThrowsAsync<ObjectDisposedException>(() => call.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken));
        Assert.Empty(harness.Client.RevokedTokens);
    }

    [Theory]
    [InlineData(0.05, 0.0)]
    [InlineData(0.99, 0.0)]
    [InlineData(0.5, 0.6)]
    [InlineData(0.3, 0.3)]
    public void Constructor_InvalidRenewFractions_Throws(double after, double jitter)
    {
        var options = new VaultSessionOptions { RenewAfterFraction = after, RenewJitterFraction = jitter };

        Assert.Throws<OptionsValidationException>(() => new SessionHarness(options: options));
    }

    [Fact]
    public void Constructor_RetryMaximumBelowInitial_Throws()
    {
        var options = new VaultSessionOptions { LoginRetryInitialDelay = TimeSpan.FromMinutes(10), LoginRetryMaxDelay = TimeSpan.FromMinutes(1) };

        OptionsValidationException ex = Assert.Throws<OptionsValidationException>(() => new SessionHarness(options: options));
        Assert.Contains(nameof(VaultSessionOptions.LoginRetryMaxDelay), ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(nameof(VaultSessionOptions.RenewAfterFraction))]
    [InlineData(nameof(VaultSessionOptions.RenewJitterFraction))]
    [InlineData(nameof(VaultSessionOptions.LoginRetryJitterFraction))]
    public void Constructor_RangeViolated_ThrowsNamingTheProperty(string property)
    {
        var options = new VaultSessionOptions();
        switch (property)
        {
            case nameof(VaultSessionOptions.RenewAfterFraction):
                options.RenewAfterFraction = 0.99;
                break;
            case nameof(VaultSessionOptions.RenewJitterFraction):
                options.RenewJitterFraction = -0.1;
                break;
            default:
                options.LoginRetryJitterFraction = 1.5;
                break;
        }

        OptionsValidationException ex = Assert.Throws<OptionsValidationException>(() => new SessionHarness(options: options));

        Assert.Contains(property, ex.Message, StringComparison.Ordinal);
        Assert.Equal(typeof(VaultSessionOptions), ex.OptionsType);
    }
}
