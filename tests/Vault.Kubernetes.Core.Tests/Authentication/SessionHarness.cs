// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Vault.Kubernetes.Authentication;

namespace Vault.Kubernetes.Core.Tests.Authentication;

/// <summary>A VaultSession wired to a fake clock and a fake Vault, with the loop's waits observable as a channel.</summary>
internal sealed class SessionHarness : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly Channel<TimeSpan> _waits = Channel.CreateUnbounded<TimeSpan>();

    public SessionHarness(
        Action<FakeVaultClient>? configureClient = null,
        VaultSessionOptions? options = null,
        IVaultAuthMethod? authMethod = null,
        ILoggerFactory? loggerFactory = null,
        double random = 0)
    {
        Client = new FakeVaultClient(Time);
        configureClient?.Invoke(Client);
        AuthMethod = authMethod ?? new KubernetesAuthMethod("app", new StaticServiceAccountTokenSource(TestJwt.Projected()));
        Session = new VaultSession(Client, AuthMethod, options, loggerFactory, Time, () => random);
        Session.OnWaiting = delay => _waits.Writer.TryWrite(delay);
    }

    public FakeTimeProvider Time { get; } = new(Start);

    public FakeVaultClient Client { get; }

    public IVaultAuthMethod AuthMethod { get; }

    public VaultSession Session { get; }

    public TimeSpan Elapsed => Time.GetUtcNow() - Start;

    public async Task<string> GetTokenAsync()
        => (await Session.GetTokenAsync(TestContext.Current.CancellationToken)).Reveal();

    /// <summary>Returns the next delay the session's loop armed a timer for.</summary>
    public async Task<TimeSpan> NextWaitAsync()
        => await _waits.Reader.ReadAsync(TestContext.Current.CancellationToken).AsTask().WaitAsync(TimeSpan.FromSeconds(10));

    /// <summary>Asserts the loop's next wait, then lets exactly that much fake time pass.</summary>
    public async Task ExpectWaitThenAdvanceAsync(TimeSpan expected)
    {
        Assert.Equal(expected, await NextWaitAsync());
        Time.Advance(expected);
    }

    public ValueTask DisposeAsync() => Session.DisposeAsync();
}
