// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using Vault.Kubernetes.Agent.Hosting;
using Vault.Kubernetes.Agent.Rendering;
using Vault.Kubernetes.Annotations;
using Vault.Kubernetes.Core.Tests.Sync;
using Vault.Kubernetes.Sync;
using Vault.Kubernetes.Testing;
using Vault.Kubernetes.Testing.Kubernetes;

namespace Vault.Kubernetes.Agent.Tests.Hosting;

/// <summary>The agent end to end against the embedded Vault dev server: Kubernetes login with a projected token volume, KV and database secrets.</summary>
public sealed class AgentDevServerTests : IAsyncLifetime
{
    private const string P = "vault.hashicorp.com/";
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(15);
    private readonly TempDirectory _temp = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 26, 8, 0, 0, TimeSpan.Zero));
    private readonly FakeLogCollector _logs = new();
    private ILoggerFactory _loggerFactory = null!;
    private VaultDevServer _server = null!;
    private ServiceAccountTokenVolume _volume = null!;
    private string _secrets = null!;

    public async ValueTask InitializeAsync()
    {
        _loggerFactory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Debug).AddProvider(new FakeLoggerProvider(_logs)));
        _server = await VaultDevServer.StartAsync(new VaultDevServerOptions { TimeProvider = _time }, TestContext.Current.CancellationToken);
        _server.SetPolicy("app", """
            path "secret/*" { capabilities = ["read", "list"] }
            path "database/creds/*" { capabilities = ["read"] }
            path "sys/leases/*" { capabilities = ["update"] }
            """);
        _server.Kubernetes.EnableAuth();
        _server.Kubernetes.WriteRole("app", new Dictionary<string, object?>
        {
            ["bound_service_account_names"] = new[] { "app" },
            ["bound_service_account_namespaces"] = new[] { "shop" },
            ["token_policies"] = new[] { "app" },
            ["token_ttl"] = 3600,
        });
        _server.Database.EnableEngine();
        _server.Database.WriteRole("ro", new Dictionary<string, object?>
        {
            ["db_name"] = "pg",
            ["creation_statements"] = new[] { "CREATE ROLE \"{{name}}\" WITH LOGIN PASSWORD '{{password}}';" },
            ["default_ttl"] = 600,
            ["max_ttl"] = 1800,
        });
        _server.WriteKvSecret("secret", "app", new Dictionary<string, object?> { ["apiKey"] = "kv-one" });
        Directory.CreateDirectory(_temp.Combine("sa"));
        _volume = await _server.Kubernetes.CreateTokenVolumeAsync(_temp.Combine("sa"), "shop", "app", cancellationToken: TestContext.Current.CancellationToken);
        _secrets = _temp.Combine("secrets");
        Directory.CreateDirectory(_secrets);
    }

    public async ValueTask DisposeAsync()
    {
        await _volume.DisposeAsync();
        await _server.DisposeAsync();
        _loggerFactory.Dispose();
        _temp.Dispose();
    }

    [Fact]
    public async Task Init_AgainstDevServer_LogsInRendersEveryFileAndExits()
    {
        (AgentRunner runner, AgentVault vault) = await CreateAsync(null);
        await using (vault)
        {
            int exitCode = await runner.RunInitAsync(TestContext.Current.CancellationToken).WaitAsync(s_wait, TestContext.Current.CancellationToken);

            Assert.Equal(0, exitCode);
        }

        Assert.Equal("data: map[apiKey:kv-one]\nmetadata: map[custom_metadata:<nil> version:1]\n", Read("app"));
        string[] credentials = Read("db").Split(':');
        Assert.True(_server.Database.IsValid(credentials[0], credentials[1]), "the rendered database credentials are not valid in Vault");
        Assert.Equal("kv-one", Read("env"));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Join(_secrets, "db")));
        Assert.Contains(_server.RequestLog, e => e.Path.Contains("auth/kubernetes/login", StringComparison.Ordinal));
    }

    [Fact]
    public async Task PodStart_InitRestartedThenSidecar_CostsOneLoginAndOneCredential()
    {
        string cache = _temp.Combine("agent-cache");
        Directory.CreateDirectory(cache);
        for (int attempt = 0; attempt < 2; attempt++)
        {
            // The second init is a restarted init container: it resumes what the first one left.
            (AgentRunner init, AgentVault initVault) = await CreateAsync(cache);
            await using (initVault)
            {
                Assert.Equal(0, await init.RunInitAsync(TestContext.Current.CancellationToken).WaitAsync(s_wait, TestContext.Current.CancellationToken));
            }
        }

        string initDb = Read("db");
        Assert.True(File.Exists(Path.Join(cache, AgentDefaults.CacheFileName)));
        Assert.DoesNotContain(initDb.Split(':')[1], File.ReadAllText(Path.Join(cache, AgentDefaults.CacheFileName)), StringComparison.Ordinal);

        (AgentRunner runner, AgentVault vault) = await CreateAsync(cache);
        await using (vault)
        {
            using var stop = new CancellationTokenSource();
            var started = new TaskCompletionSource<SecretSyncEngine>(TaskCreationOptions.RunContinuationsAsynchronously);
            runner.SidecarStarted = started.SetResult;
            Task<int> run = runner.RunSidecarAsync(stop.Token);
            SecretSyncEngine engine = await started.Task.WaitAsync(s_wait, TestContext.Current.CancellationToken);
            await IdleAsync(engine);

            Assert.Equal(initDb, Read("db"));
            Assert.True(engine.GetState("database/creds/ro")!.HasValue);
            await stop.CancelAsync();
            Assert.Equal(0, await run.WaitAsync(s_wait, TestContext.Current.CancellationToken));
        }

        Assert.Equal(1, _server.RequestLog.Count(e => e.Path.StartsWith("database/creds/ro", StringComparison.Ordinal)));
        Assert.Equal(1, _server.RequestLog.Count(e => e.Path.Contains("auth/kubernetes/login", StringComparison.Ordinal)));
        Assert.Equal(2, _logs.GetSnapshot().Count(r => r.Id.Name == "CacheRestored"));
        Assert.Single(_logs.GetSnapshot(), r => r.Id.Name == "FileWritten" && r.Message.Contains(Path.Join(_secrets, "db"), StringComparison.Ordinal));
    }

    [Fact]
    public async Task PodStart_CacheReadByAnotherProcessFirst_SidecarSaysSoAndLogsIn()
    {
        string cache = _temp.Combine("agent-cache");
        Directory.CreateDirectory(cache);
        (AgentRunner init, AgentVault initVault) = await CreateAsync(cache);
        await using (initVault)
        {
            Assert.Equal(0, await init.RunInitAsync(TestContext.Current.CancellationToken).WaitAsync(s_wait, TestContext.Current.CancellationToken));
        }

        // Someone with the file unwraps its key before the sidecar does.
        string file = Path.Join(cache, AgentDefaults.CacheFileName);
        string stolen = _temp.Combine("stolen");
        File.Copy(file, stolen);
        using (var thief = new Vault.Kubernetes.Http.VaultClient(new Vault.Kubernetes.Http.VaultClientOptions { Address = _server.Address }))
        {
            Assert.NotNull(await PersistentSessionCache.LoadAsync(stolen, thief, TestContext.Current.CancellationToken));
        }

        (AgentRunner runner, AgentVault vault) = await CreateAsync(cache);
        await using (vault)
        {
            Assert.Equal(0, await runner.RunInitAsync(TestContext.Current.CancellationToken).WaitAsync(s_wait, TestContext.Current.CancellationToken));
        }

        Assert.Contains(_logs.GetSnapshot(), r => r.Id.Name == "CacheUnusable" && r.Message.Contains("already unwrapped", StringComparison.Ordinal));
        Assert.Equal(2, _server.RequestLog.Count(e => e.Path.Contains("auth/kubernetes/login", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Sidecar_AgainstDevServer_RerendersAfterKvChangeAndCredentialRotation_AndSurvivesOutage()
    {
        (AgentRunner runner, AgentVault vault) = await CreateAsync(null, (P + "template-static-secret-render-interval", "1m"));
        await using (vault)
        {
            using var stop = new CancellationTokenSource();
            var started = new TaskCompletionSource<SecretSyncEngine>(TaskCreationOptions.RunContinuationsAsynchronously);
            runner.SidecarStarted = started.SetResult;
            Task<int> run = runner.RunSidecarAsync(stop.Token);
            SecretSyncEngine engine = await started.Task.WaitAsync(s_wait, TestContext.Current.CancellationToken);
            await IdleAsync(engine);
            string firstDb = Read("db");
            Assert.Equal("kv-one", Read("env"));

            // A KV change reaches the files within one render interval.
            _server.WriteKvSecret("secret", "app", new Dictionary<string, object?> { ["apiKey"] = "kv-two" });
            await AdvanceAsync(engine, TimeSpan.FromSeconds(65));
            Assert.Equal("kv-two", Read("env"));
            Assert.Contains("apiKey:kv-two", Read("app"), StringComparison.Ordinal);

            // Database credentials (10 minute leases, 30 minute max) are replaced before they expire.
            await AdvanceAsync(engine, TimeSpan.FromMinutes(30));
            string rotatedDb = Read("db");
            Assert.NotEqual(firstDb, rotatedDb);
            string[] credentials = rotatedDb.Split(':');
            Assert.True(_server.Database.IsValid(credentials[0], credentials[1]));

            // Vault down: files keep their last good content.
            string envBefore = Read("env");
            string appBefore = Read("app");
            _server.Faults.Seal();
            _server.WriteKvSecret("secret", "app", new Dictionary<string, object?> { ["apiKey"] = "kv-three" });
            await AdvanceAsync(engine, TimeSpan.FromMinutes(3));
            Assert.Equal(envBefore, Read("env"));
            Assert.Equal(appBefore, Read("app"));
            Assert.True(engine.GetState("secret/app")!.ConsecutiveFailures > 0);

            // Back up: the agent catches up.
            _server.Faults.Unseal();
            await AdvanceAsync(engine, TimeSpan.FromMinutes(6));
            Assert.Equal("kv-three", Read("env"));

            await stop.CancelAsync();
            Assert.Equal(0, await run.WaitAsync(s_wait, TestContext.Current.CancellationToken));
        }

        string logs = string.Join("\n", _logs.GetSnapshot().Select(r => r.Message + r.Exception));
        Assert.DoesNotContain("kv-two", logs, StringComparison.Ordinal);
        Assert.DoesNotContain(_volume.CurrentToken, logs, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sidecar_TokenRevokedInVault_LogsInAgainAndKeepsRendering()
    {
        (AgentRunner runner, AgentVault vault) = await CreateAsync(null, (P + "template-static-secret-render-interval", "1m"), (P + "agent-inject-token", "true"));
        await using (vault)
        {
            using var stop = new CancellationTokenSource();
            var started = new TaskCompletionSource<SecretSyncEngine>(TaskCreationOptions.RunContinuationsAsynchronously);
            runner.SidecarStarted = started.SetResult;
            await vault.LoginAsync(TestContext.Current.CancellationToken);
            Task<int> run = runner.RunSidecarAsync(stop.Token);
            SecretSyncEngine engine = await started.Task.WaitAsync(s_wait, TestContext.Current.CancellationToken);
            await IdleAsync(engine);
            string firstToken = Read("token");

            var rewritten = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            runner.TokenWritten = _ => rewritten.TrySetResult();
            _server.RevokeToken(firstToken);
            _server.WriteKvSecret("secret", "app", new Dictionary<string, object?> { ["apiKey"] = "after-relogin" });

            // The next request with the revoked token (the one-minute KV version check) is answered 403 "invalid token" and
            // the session logs in again right away: two minutes, long before renew-self would notice (about 2/3 of the one-hour TTL).
            await AdvanceAsync(engine, TimeSpan.FromMinutes(2));
            await rewritten.Task.WaitAsync(s_wait, TestContext.Current.CancellationToken);

            Assert.Equal("after-relogin", Read("env"));
            Assert.NotEqual(firstToken, Read("token"));
            Assert.True(_server.IsTokenValid(Read("token")));
            await stop.CancelAsync();
            await run.WaitAsync(s_wait, TestContext.Current.CancellationToken);
        }
    }

    private async Task<(AgentRunner Runner, AgentVault Vault)> CreateAsync(string? cacheDirectory, params (string Key, string Value)[] extra)
    {
        var annotations = new Dictionary<string, string>
        {
            [P + "role"] = "app",
            [P + "service"] = _server.Address.ToString(),
            [P + "auth-config-token-path"] = _volume.TokenPath,
            [P + "secret-volume-path"] = _secrets,
            [P + "agent-inject-secret-app"] = "secret/app",
            [P + "agent-inject-secret-db"] = "database/creds/ro",
            [P + "agent-inject-template-db"] = "{{ with secret \"database/creds/ro\" }}{{ .Data.username }}:{{ .Data.password }}{{ end }}",
            [P + "agent-inject-secret-env"] = "secret/data/app",
            [P + "agent-inject-template-env"] = "{{ with secret \"secret/data/app\" }}{{ .Data.data.apiKey }}{{ end }}",
        };
        foreach ((string key, string value) in extra)
        {
            annotations[key] = value;
        }

        AgentConfig config = AnnotationConfigReader.Read(annotations);
        AgentVault vault = await AgentVault.CreateAsync(config, _loggerFactory, _time, configureClient: o => o.MaxRetries = 0, cacheDirectory: cacheDirectory, cancellationToken: TestContext.Current.CancellationToken);
        return (new AgentRunner(config, AgentFile.From(config), vault, _loggerFactory, _time), vault);
    }

    private async Task AdvanceAsync(SecretSyncEngine engine, TimeSpan by)
    {
        for (TimeSpan done = TimeSpan.Zero; done < by; done += TimeSpan.FromSeconds(1))
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            await IdleAsync(engine);
        }
    }

    private static Task IdleAsync(SecretSyncEngine engine) =>
        engine.WhenIdleAsync(TestContext.Current.CancellationToken).WaitAsync(s_wait, TestContext.Current.CancellationToken);

    private string Read(string name) => File.ReadAllText(Path.Join(_secrets, name));
}
