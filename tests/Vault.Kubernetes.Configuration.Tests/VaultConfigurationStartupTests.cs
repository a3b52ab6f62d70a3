// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using Vault.Kubernetes.Configuration;
using Vault.Kubernetes.Configuration.Internal;
using Vault.Kubernetes.Core.Tests.Authentication;
using Vault.Kubernetes.Testing;

namespace Vault.Kubernetes.Configuration.Tests;

/// <summary>Start-up against a Vault that is not well yet: it never answers, it answers 503 for a while, or a secret is broken.</summary>
public sealed class VaultConfigurationStartupTests : IAsyncDisposable
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(20);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 26, 8, 0, 0, TimeSpan.Zero));
    private readonly CollectingLoggerFactory _logs = new();
    private readonly List<IDisposable> _roots = [];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask DisposeAsync()
    {
        foreach (IDisposable root in _roots)
        {
            root.Dispose();
        }

        await Task.CompletedTask;
    }

    [Fact]
    public async Task Load_VaultAcceptsButNeverAnswers_FailsAtTheStartupTimeoutAfterWarningWithTheAddress()
    {
        await using var blackHole = new BlackHoleServer();
        Task<IConfigurationRoot> load = StartLoad(blackHole.Address, o => o.StartupTimeout = TimeSpan.FromSeconds(10));
        await blackHole.Accepted.WaitAsync(s_wait, Ct);

        _time.Advance(TimeSpan.FromSeconds(5));

        FakeLogRecord waiting = Assert.Single(_logs.Collector.GetSnapshot(), r => r.Id.Name == "VaultConfigurationStartupWaiting");
        Assert.Equal(LogLevel.Warning, waiting.Level);
        Assert.Contains(blackHole.Address, waiting.Message, StringComparison.Ordinal);
        Assert.Contains("Vault:StartupTimeout", waiting.Message, StringComparison.Ordinal);
        Assert.False(load.IsCompleted);

        _time.Advance(TimeSpan.FromSeconds(5));

        VaultConfigurationLoadException error = await Assert.ThrowsAsync<VaultConfigurationLoadException>(() => load.WaitAsync(s_wait, Ct));
        Assert.Contains($"Vault at {blackHole.Address} did not answer within the start-up timeout of 0:00:10 (Vault:StartupTimeout)", error.Message, StringComparison.Ordinal);
        Assert.Equal("secret/app", Assert.Single(error.Failures).Key);
    }

    [Fact]
    public async Task Load_OptionalAndVaultNeverAnswers_StartsWithoutItsSecretsAtTheStartupTimeout()
    {
        await using var blackHole = new BlackHoleServer();
        Task<IConfigurationRoot> load = StartLoad(blackHole.Address, o =>
        {
            o.StartupTimeout = TimeSpan.FromSeconds(4);
            o.Optional = true;
        });
        await blackHole.Accepted.WaitAsync(s_wait, Ct);

        _time.Advance(TimeSpan.FromSeconds(4));

        IConfigurationRoot config = await load.WaitAsync(s_wait, Ct);
        Assert.Null(config["password"]);
        Assert.Contains(_logs.Collector.GetSnapshot(), r => r.Id.Name == "VaultConfigurationStartedWithout" && r.Message.Contains("secret/app", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Load_TenServiceUnavailableAtStart_RidesThemOutInsideTheWindowWithOneWarningPerAttempt()
    {
        await using VaultDevServer server = await VaultDevServer.StartAsync(new VaultDevServerOptions { TimeProvider = _time }, Ct);
        server.WriteKvSecret("secret", "app", new Dictionary<string, object?> { ["password"] = "s3cr3t-value" });
        server.Faults.FailNextRequests(10, 503);
        DateTimeOffset started = _time.GetUtcNow();

        Task<IConfigurationRoot> load = StartLoad(server.Address.ToString(), o =>
        {
            o.Token = server.RootToken;
            o.StartupTimeout = TimeSpan.FromMinutes(5);
        });

        // Simulated time runs while the load waits on its retries: half a second per step, far inside the 5-minute window.
        while (!load.IsCompleted)
        {
            _time.Advance(TimeSpan.FromMilliseconds(500));
            await Task.WhenAny(load, Task.Delay(TimeSpan.FromMilliseconds(20), Ct));
        }

        IConfigurationRoot config = await load;
        Assert.Equal("s3cr3t-value", config["password"]);
        Assert.Equal(10, server.RequestLog.Count(r => r.StatusCode == 503));
        Assert.True(_time.GetUtcNow() - started < TimeSpan.FromMinutes(1), $"took {_time.GetUtcNow() - started} of simulated time");

        // One warning per failed attempt of the secret, with its reason and no stack trace; the client's own lines stay at Debug.
        IReadOnlyList<FakeLogRecord> warnings = [.. _logs.Collector.GetSnapshot().Where(r => r.Level >= LogLevel.Warning)];
        // Here the token's lookup (the token "login") meets the 503s: the session warns once per attempt, the secret waits quietly for it.
        Assert.True(warnings.Count(r => r.Id.Name == "VaultLoginFailed" && r.Message.Contains("503", StringComparison.Ordinal)) >= 2);
        Assert.All(warnings, r => Assert.Contains(r.Id.Name, new[] { "VaultLoginFailed", "SyncFailed", "VaultConfigurationStartupWaiting" }));
        Assert.All(warnings, r => Assert.Null(r.Exception));
        Assert.DoesNotContain(_logs.Collector.GetSnapshot(), r => r.Message.Contains("got no answer", StringComparison.Ordinal));
        Assert.DoesNotContain(_logs.Collector.GetSnapshot(), r => r.Message.Contains("s3cr3t-value", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Load_KeysDifferingOnlyInCase_FailsNamingBothKeys()
    {
        await using VaultDevServer server = await VaultDevServer.StartAsync(new VaultDevServerOptions { TimeProvider = _time }, Ct);
        server.WriteKvSecret("secret", "app", new Dictionary<string, object?> { ["Password"] = "first-value", ["password"] = "second-value" });

        VaultConfigurationLoadException error = await Assert.ThrowsAsync<VaultConfigurationLoadException>(
            () => StartLoad(server.Address.ToString(), o => o.Token = server.RootToken).WaitAsync(s_wait, Ct));

        Assert.Contains("'Password' and 'password'", error.Message, StringComparison.Ordinal);
        Assert.Contains("secret/app", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("first-value", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("second-value", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DeferredLoggerFactory_BeforeTheHostAttachesItsLogging_WritesWarningsToStandardError()
    {
        using var before = new StringWriter();
        var factory = new DeferredLoggerFactory(before);
        ILogger logger = factory.CreateLogger("Vault.Kubernetes.Test");

        logger.LogWarning(new EventId(7, "Waiting"), "Start-up waits for Vault at {Address}.", "http://vault:8200");
        logger.LogInformation("not shown before the host's logging exists");
        factory.Attach(_logs);
        logger.LogWarning("after attach");

        Assert.Equal("warn: Vault.Kubernetes.Test[7] Start-up waits for Vault at http://vault:8200." + Environment.NewLine, before.ToString());
        Assert.Contains(_logs.Collector.GetSnapshot(), r => r.Message == "after attach");
    }

    private Task<IConfigurationRoot> StartLoad(string address, Action<VaultKubernetesOptions> configure) => Task.Run(() =>
    {
        IConfigurationRoot root = new ConfigurationBuilder()
            .AddVaultKubernetes(source =>
            {
                source.TimeProvider = _time;
                source.Random = () => 0.5;
                source.LoggerFactory = _logs;
                source.Options.Address = address;
                source.Options.Token = "root";
                source.Options.Secrets.Add(new VaultSecretOptions { Path = "secret/app" });
                configure(source.Options);
            })
            .Build();
        lock (_roots)
        {
            _roots.Add((IDisposable)root);
        }

        return root;
    });

    /// <summary>A TCP server that accepts connections and never answers, as a hung Vault or a black-holing proxy does.</summary>
    private sealed class BlackHoleServer : IAsyncDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly List<TcpClient> _held = [];
        private readonly TaskCompletionSource _accepted = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly Task _accepting;

        public BlackHoleServer()
        {
            _listener.Start();
            Address = $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";
            _accepting = AcceptAsync();
        }

        public string Address { get; }

        public Task Accepted => _accepted.Task;

        public async ValueTask DisposeAsync()
        {
            _listener.Stop();
            await _accepting.ConfigureAwait(false);
            foreach (TcpClient client in _held)
            {
                client.Dispose();
            }
        }

        private async Task AcceptAsync()
        {
            try
            {
                while (true)
                {
                    _held.Add(await _listener.AcceptTcpClientAsync());
                    _accepted.TrySetResult();
                }
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
                // Stopped.
            }
        }
    }
}
