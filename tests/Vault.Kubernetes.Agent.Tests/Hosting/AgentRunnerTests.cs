// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using Vault.Kubernetes.Agent.Hosting;
using Vault.Kubernetes.Agent.Rendering;
using Vault.Kubernetes.Agent.Tests.TestSupport;
using Vault.Kubernetes.Annotations;
using Vault.Kubernetes.Core.Tests.Sync;
using Vault.Kubernetes.Sync;

namespace Vault.Kubernetes.Agent.Tests.Hosting;

public sealed class AgentRunnerTests : IDisposable
{
    private const string P = "vault.hashicorp.com/";
    private const UnixFileMode Mode0600 = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(10);

    // The tests set a one-minute render interval; the engine adds up to ±5% jitter.
    private static readonly TimeSpan s_renderIntervalWithJitter = TimeSpan.FromSeconds(63);
    private readonly TempDirectory _temp = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 26, 8, 0, 0, TimeSpan.Zero));
    private readonly FakeLogCollector _logs = new();
    private readonly ILoggerFactory _loggerFactory;
    private readonly FakeVaultSecretSource _source;
    private readonly FakeAgentVault _vault;

    public AgentRunnerTests()
    {
        _loggerFactory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(new FakeLoggerProvider(_logs)));
        _source = new FakeVaultSecretSource(_time);
        _vault = new FakeAgentVault(_source);
        _source.PutKv("secret/app", new() { ["apiKey"] = "kv-secret-one", ["user"] = "app" });
        _source.PutKv1("kv1/legacy", new() { ["password"] = "kv1-secret" });
        _source.DefineRole("database/creds/app", TimeSpan.FromHours(1), TimeSpan.FromHours(1), renewable: false);
    }

    public void Dispose()
    {
        _loggerFactory.Dispose();
        _temp.Dispose();
    }

    [Fact]
    public async Task RunInitAsync_AllSecretsReadable_WritesEveryFileWithItsModeAndExitsZero()
    {
        AgentRunner runner = CreateRunner(
            (P + "agent-inject-secret-app", "secret/app"),
            (P + "agent-inject-secret-legacy", "kv1/legacy"),
            (P + "agent-inject-perms-legacy", "0440"),
            (P + "agent-inject-secret-db", "database/creds/app"),
            (P + "agent-inject-file-db", "conf/db"));

        int exitCode = await runner.RunInitAsync(TestContext.Current.CancellationToken);

        Assert.Equal(AgentExitCodes.Success, exitCode);
        Assert.Equal(["app", "conf", "conf/db", "legacy"], _temp.ListAll());
        Assert.Equal("data: map[apiKey:kv-secret-one user:app]\nmetadata: map[custom_metadata:<nil> version:1]\n", Read("app"));
        Assert.Equal("password: kv1-secret\n", Read("legacy"));
        Assert.Equal("password: pw-1\nusername: v-user-1\n", Read("conf/db"));
        Assert.Equal(Mode0600, File.GetUnixFileMode(_temp.Combine("app")));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.GroupRead, File.GetUnixFileMode(_temp.Combine("legacy")));
        Assert.Equal(1, _vault.Logins);
        Assert.Equal(3, _source.Reads);
        Assert.Contains(_logs.GetSnapshot(), r => r.Id.Id == 3030 && r.Message == "Init complete: 3 file(s) rendered, 3 written.");
    }

    [Fact]
    public async Task RunInitAsync_TemplatesSharingSecrets_ReadEachSecretOnceAndRenderBoth()
    {
        AgentRunner runner = CreateRunner(
            (P + "agent-inject-secret-env", "secret/app"),
            (P + "agent-inject-template-env", "{{ with secret \"secret/app\" }}API_KEY={{ .Data.data.apiKey }}{{ end }}\n{{ with secret \"database/creds/app\" }}DB_USER={{ .Data.username }}{{ end }}\n"),
            (P + "agent-inject-secret-db", "database/creds/app"),
            (P + "agent-inject-template-db", "{{ with secret \"database/creds/app\" }}{{ .Data.username }}:{{ .Data.password }}{{ end }}"));

        Assert.Equal(0, await runner.RunInitAsync(TestContext.Current.CancellationToken));

        Assert.Equal("API_KEY=kv-secret-one\nDB_USER=v-user-1\n", Read("env"));
        Assert.Equal("v-user-1:pw-1", Read("db"));
        Assert.Equal(2, _source.Reads);
    }

    [Fact]
    public async Task RunInitAsync_TemplateFailsToRender_ExitsNonZeroNamingFileAndWritesNothing()
    {
        AgentRunner runner = CreateRunner(
            (P + "agent-inject-secret-good", "kv1/legacy"),
            (P + "agent-inject-secret-app", "secret/app"),
            (P + "agent-inject-template-app", "{{ with secret \"secret/app\" }}{{ .Data.data.typo }}{{ end }}"),
            (P + "error-on-missing-key-app", "true"));

        int exitCode = await runner.RunInitAsync(TestContext.Current.CancellationToken);

        Assert.Equal(AgentExitCodes.Failed, exitCode);
        Assert.Empty(_temp.ListAll());
        FakeLogRecord failure = Assert.Single(_logs.GetSnapshot(), r => r.Id.Id == 3032);
        Assert.Contains(_temp.Combine("app"), failure.Message, StringComparison.Ordinal);
        Assert.Contains("line 1, column", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunInitAsync_OneSecretMissing_ExitsNonZeroNamingSecretAndFileAndWritesNothing()
    {
        AgentRunner runner = CreateRunner(
            (P + "agent-inject-secret-app", "secret/app"),
            (P + "agent-inject-secret-missing", "secret/missing"));

        int exitCode = await runner.RunInitAsync(TestContext.Current.CancellationToken);

        Assert.Equal(AgentExitCodes.Failed, exitCode);
        Assert.Empty(_temp.ListAll());
        FakeLogRecord failure = Assert.Single(_logs.GetSnapshot(), r => r.Id.Id == 3031);
        Assert.Equal(LogLevel.Error, failure.Level);
        Assert.Contains("secret/missing", failure.Message, StringComparison.Ordinal);
        Assert.Contains(_temp.Combine("missing") + " (" + P + "agent-inject-secret-missing)", failure.Message, StringComparison.Ordinal);
        Assert.Contains("no secret exists at secret/missing", failure.Message, StringComparison.Ordinal);
        Assert.Contains(_logs.GetSnapshot(), r => r.Id.Id == 3033);
    }

    [Fact]
    public async Task RunInitAsync_VaultDown_ExitsNonZeroAndWritesNothing()
    {
        _source.Outage = true;
        AgentRunner runner = CreateRunner((P + "agent-inject-secret-app", "secret/app"));

        int exitCode = await runner.RunInitAsync(TestContext.Current.CancellationToken);

        Assert.Equal(AgentExitCodes.Failed, exitCode);
        Assert.Empty(_temp.ListAll());
    }

    [Fact]
    public async Task RunInitAsync_LoginFails_ExitsNonZeroWithoutReadingSecrets()
    {
        _vault.LoginFailure = new HttpRequestException("permission denied");
        AgentRunner runner = CreateRunner((P + "agent-inject-secret-app", "secret/app"));

        int exitCode = await runner.RunInitAsync(TestContext.Current.CancellationToken);

        Assert.Equal(AgentExitCodes.Failed, exitCode);
        Assert.Equal(0, _source.Reads);
        Assert.Empty(_temp.ListAll());
        Assert.Contains(_logs.GetSnapshot(), r => r.Id.Id == 3044 && r.Level == LogLevel.Error);
    }

    [Fact]
    public async Task RunInitAsync_OneFileCannotBeWritten_WritesNoneOfTheOthers()
    {
        // "blocked" is a file where the second secret needs a directory: staging it fails after the first file was staged.
        File.WriteAllText(_temp.Combine("blocked"), "not a directory");
        AgentRunner runner = CreateRunner(
            (P + "agent-inject-secret-a", "secret/app"),
            (P + "agent-inject-secret-b", "kv1/legacy"),
            (P + "agent-inject-file-b", "blocked/b"));

        int exitCode = await runner.RunInitAsync(TestContext.Current.CancellationToken);

        Assert.Equal(AgentExitCodes.Failed, exitCode);
        Assert.Equal(["blocked"], _temp.ListAll());
        Assert.Contains(_logs.GetSnapshot(), r => r.Id.Id == 3034 && r.Message.Contains(_temp.Combine("blocked", "b"), StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunInitAsync_FilesAlreadyCurrent_DoesNotRewriteOrRunCommands()
    {
        string counter = _temp.Combine("count");
        AgentRunner first = CreateRunner((P + "agent-inject-secret-app", "secret/app"), (P + "agent-inject-command-app", $"echo run >> '{counter}'"));
        Assert.Equal(0, await first.RunInitAsync(TestContext.Current.CancellationToken));
        var old = new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(_temp.Combine("app"), old);

        AgentRunner restarted = CreateRunner((P + "agent-inject-secret-app", "secret/app"), (P + "agent-inject-command-app", $"echo run >> '{counter}'"));
        Assert.Equal(0, await restarted.RunInitAsync(TestContext.Current.CancellationToken));

        Assert.Equal(old, File.GetLastWriteTimeUtc(_temp.Combine("app")));
        Assert.Single(File.ReadAllLines(counter));
    }

    [Fact]
    public async Task RunInitAsync_TokenSink_WritesTokenWithMode0600()
    {
        AgentRunner runner = CreateRunner((P + "agent-inject-secret-app", "secret/app"), (P + "agent-inject-token", "true"));

        Assert.Equal(0, await runner.RunInitAsync(TestContext.Current.CancellationToken));

        Assert.Equal("hvs.fake-token-1", Read("token"));
        Assert.Equal(Mode0600, File.GetUnixFileMode(_temp.Combine("token")));
    }

    [Fact]
    public async Task RunInitAsync_TokenFileCannotBeWritten_FailsAndWritesNoSecretFile()
    {
        File.WriteAllText(_temp.Combine("blocked"), "not a directory");
        AgentRunner runner = CreateRunner((P + "agent-inject-secret-app", "secret/app"), (P + "agent-inject-token", "true"), (P + "secret-volume-path", _temp.Combine("blocked")), (P + "secret-volume-path-app", _temp.Path));

        int exitCode = await runner.RunInitAsync(TestContext.Current.CancellationToken);

        Assert.Equal(AgentExitCodes.Failed, exitCode);
        Assert.Equal(["blocked"], _temp.ListAll());
    }

    [Fact]
    public async Task RunInitAsync_Logs_NeverContainSecretValuesOrToken()
    {
        AgentRunner runner = CreateRunner(
            (P + "agent-inject-secret-app", "secret/app"),
            (P + "agent-inject-secret-db", "database/creds/app"),
            (P + "agent-inject-token", "true"),
            (P + "agent-inject-command-app", "true"));

        Assert.Equal(0, await runner.RunInitAsync(TestContext.Current.CancellationToken));

        string all = string.Join("\n", _logs.GetSnapshot().Select(r => r.Message + r.Exception));
        Assert.NotEmpty(all);
        foreach (string secret in new[] { "kv-secret-one", "pw-1", "hvs.fake-token-1" })
        {
            Assert.DoesNotContain(secret, all, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task RunSidecarAsync_KvChangesInVault_RewritesFileAfterRenderIntervalAndRunsCommandOnce()
    {
        string counter = _temp.Combine("count");
        using var stop = new CancellationTokenSource();
        (AgentRunner runner, Task<SecretSyncEngine> started) = CreateSidecar(
            (P + "agent-inject-secret-app", "secret/app"),
            (P + "agent-inject-command-app", $"echo run >> '{counter}'"),
            (P + "template-static-secret-render-interval", "1m"));

        (Task<int> run, SecretSyncEngine engine) = await StartAsync(runner, started, stop.Token);
        Assert.Contains("apiKey:kv-secret-one", Read("app"), StringComparison.Ordinal);

        // Unchanged in Vault: a refresh leaves the file alone.
        await AdvanceAsync(engine, s_renderIntervalWithJitter);
        Assert.Single(File.ReadAllLines(counter));

        _source.PutKv("secret/app", new() { ["apiKey"] = "kv-secret-two", ["user"] = "app" });
        await AdvanceAsync(engine, s_renderIntervalWithJitter);

        Assert.Equal("data: map[apiKey:kv-secret-two user:app]\nmetadata: map[custom_metadata:<nil> version:2]\n", Read("app"));
        Assert.Equal(2, File.ReadAllLines(counter).Length);

        await stop.CancelAsync();
        Assert.Equal(AgentExitCodes.Success, await run.WaitAsync(s_wait, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task RunSidecarAsync_TemplateOverTwoSecrets_ReRendersWhenEitherChanges()
    {
        using var stop = new CancellationTokenSource();
        (AgentRunner runner, Task<SecretSyncEngine> started) = CreateSidecar(
            (P + "agent-inject-secret-env", "secret/app"),
            (P + "agent-inject-template-env", "{{ with secret \"secret/app\" }}{{ .Data.data.apiKey }}{{ end }}/{{ with secret \"kv1/legacy\" }}{{ .Data.password }}{{ end }}"),
            (P + "template-static-secret-render-interval", "1m"));

        (Task<int> run, SecretSyncEngine engine) = await StartAsync(runner, started, stop.Token);
        Assert.Equal("kv-secret-one/kv1-secret", Read("env"));

        _source.PutKv1("kv1/legacy", new() { ["password"] = "kv1-rotated" });
        await AdvanceAsync(engine, s_renderIntervalWithJitter);

        Assert.Equal("kv-secret-one/kv1-rotated", Read("env"));
        await stop.CancelAsync();
        await run.WaitAsync(s_wait, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task RunSidecarAsync_DynamicLeaseNearExpiry_RendersNewCredentials()
    {
        using var stop = new CancellationTokenSource();
        (AgentRunner runner, Task<SecretSyncEngine> started) = CreateSidecar((P + "agent-inject-secret-db", "database/creds/app"));

        (Task<int> run, SecretSyncEngine engine) = await StartAsync(runner, started, stop.Token);
        Assert.Equal("password: pw-1\nusername: v-user-1\n", Read("db"));

        // The fake issues non-renewable one-hour leases: the engine re-issues before expiry.
        await AdvanceAsync(engine, TimeSpan.FromMinutes(59));

        Assert.Equal("password: pw-2\nusername: v-user-2\n", Read("db"));
        await stop.CancelAsync();
        Assert.Equal(0, await run.WaitAsync(s_wait, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task RunSidecarAsync_VaultOutage_KeepsLastGoodFilesAndRecovers()
    {
        using var stop = new CancellationTokenSource();
        (AgentRunner runner, Task<SecretSyncEngine> started) = CreateSidecar(
            (P + "agent-inject-secret-app", "secret/app"),
            (P + "template-static-secret-render-interval", "1m"));

        (Task<int> run, SecretSyncEngine engine) = await StartAsync(runner, started, stop.Token);
        string before = Read("app");

        _source.Outage = true;
        for (int i = 0; i < 5; i++)
        {
            await AdvanceAsync(engine, s_renderIntervalWithJitter);
        }

        Assert.Equal(before, Read("app"));
        Assert.True(engine.GetState("secret/app")!.ConsecutiveFailures > 0);

        _source.Outage = false;
        _source.PutKv("secret/app", new() { ["apiKey"] = "after-outage" });
        await AdvanceAsync(engine, TimeSpan.FromMinutes(5));

        Assert.Contains("apiKey:after-outage", Read("app"), StringComparison.Ordinal);
        await stop.CancelAsync();
        await run.WaitAsync(s_wait, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task RunSidecarAsync_TokenChanges_RewritesTokenSink()
    {
        using var stop = new CancellationTokenSource();
        (AgentRunner runner, Task<SecretSyncEngine> started) = CreateSidecar((P + "agent-inject-secret-app", "secret/app"), (P + "agent-inject-token", "true"));
        var rewritten = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await _vault.LoginAsync(TestContext.Current.CancellationToken);

        Task<int> run = runner.RunSidecarAsync(stop.Token);
        await started.WaitAsync(s_wait, TestContext.Current.CancellationToken);
        Assert.Equal("hvs.fake-token-1", Read("token"));

        runner.TokenWritten = _ => rewritten.TrySetResult();
        _vault.SetToken("hvs.fake-token-2");
        await rewritten.Task.WaitAsync(s_wait, TestContext.Current.CancellationToken);

        Assert.Equal("hvs.fake-token-2", Read("token"));
        Assert.Equal(Mode0600, File.GetUnixFileMode(_temp.Combine("token")));
        await stop.CancelAsync();
        await run.WaitAsync(s_wait, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task RunSidecarAsync_StoppedWithRevokeOnShutdown_RevokesToken()
    {
        using var stop = new CancellationTokenSource();
        (AgentRunner runner, Task<SecretSyncEngine> started) = CreateSidecar((P + "agent-inject-secret-app", "secret/app"), (P + "agent-revoke-on-shutdown", "true"));

        Task<int> run = runner.RunSidecarAsync(stop.Token);
        await started.WaitAsync(s_wait, TestContext.Current.CancellationToken);
        await stop.CancelAsync();

        Assert.Equal(0, await run.WaitAsync(s_wait, TestContext.Current.CancellationToken));
        Assert.Equal(1, _vault.Revocations);
    }

    [Fact]
    public async Task RunSidecarAsync_PrePopulateOnly_ExitsAtOnceWithoutReading()
    {
        AgentRunner runner = CreateRunner((P + "agent-inject-secret-app", "secret/app"), (P + "agent-pre-populate-only", "true"));

        int exitCode = await runner.RunSidecarAsync(TestContext.Current.CancellationToken).WaitAsync(s_wait, TestContext.Current.CancellationToken);

        Assert.Equal(0, exitCode);
        Assert.Equal(0, _source.Reads);
    }

    private (AgentRunner Runner, Task<SecretSyncEngine> Started) CreateSidecar(params (string Key, string Value)[] annotations)
    {
        AgentRunner runner = CreateRunner(annotations);
        var started = new TaskCompletionSource<SecretSyncEngine>(TaskCreationOptions.RunContinuationsAsynchronously);
        runner.SidecarStarted = started.SetResult;
        return (runner, started.Task);
    }

    private static async Task<(Task<int> Run, SecretSyncEngine Engine)> StartAsync(AgentRunner runner, Task<SecretSyncEngine> started, CancellationToken stop)
    {
        Task<int> run = runner.RunSidecarAsync(stop);
        SecretSyncEngine engine = await started.WaitAsync(s_wait, TestContext.Current.CancellationToken);
        await engine.WhenIdleAsync(TestContext.Current.CancellationToken).WaitAsync(s_wait, TestContext.Current.CancellationToken);
        return (run, engine);
    }

    private AgentRunner CreateRunner(params (string Key, string Value)[] annotations)
    {
        var all = new Dictionary<string, string>
        {
            [P + "role"] = "app",
            [P + "secret-volume-path"] = _temp.Path,
        };
        foreach ((string key, string value) in annotations)
        {
            all[key] = value;
        }

        AgentConfig config = AnnotationConfigReader.Read(all);
        return new AgentRunner(config, AgentFile.From(config), _vault, _loggerFactory, _time);
    }

    private async Task AdvanceAsync(SecretSyncEngine engine, TimeSpan by)
    {
        // Step in one-second increments so every timer due on the way (retries, refreshes) fires in order.
        for (TimeSpan done = TimeSpan.Zero; done < by; done += TimeSpan.FromSeconds(1))
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            await engine.WhenIdleAsync(TestContext.Current.CancellationToken).WaitAsync(s_wait, TestContext.Current.CancellationToken);
        }
    }

    private string Read(string name) => File.ReadAllText(_temp.Combine(name));
}
