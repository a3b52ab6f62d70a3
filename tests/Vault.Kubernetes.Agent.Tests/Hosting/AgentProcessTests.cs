// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Diagnostics;
using System.Text;
using Vault.Kubernetes.Agent.Tests.TestSupport;
using Vault.Kubernetes.Core.Tests.Sync;
using Vault.Kubernetes.Testing;
using Vault.Kubernetes.Testing.Kubernetes;

namespace Vault.Kubernetes.Agent.Tests.Hosting;

/// <summary>The agent's executable (Program.cs) as the kubelet runs it: exit codes, annotations file, SIGTERM.</summary>
public sealed class AgentProcessTests : IAsyncLifetime
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(30);
    private readonly TempDirectory _temp = new();
    private VaultDevServer _server = null!;
    private ServiceAccountTokenVolume _volume = null!;

    public async ValueTask InitializeAsync()
    {
        _server = await VaultDevServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        _server.SetPolicy("app", """path "secret/*" { capabilities = ["read", "list"] }""");
        _server.Kubernetes.EnableAuth();
        _server.Kubernetes.WriteRole("app", new Dictionary<string, object?>
        {
            ["bound_service_account_names"] = new[] { "app" },
            ["bound_service_account_namespaces"] = new[] { "shop" },
            ["token_policies"] = new[] { "app" },
        });
        _server.WriteKvSecret("secret", "app", new Dictionary<string, object?> { ["password"] = "from-vault" });
        Directory.CreateDirectory(_temp.Combine("sa"));
        Directory.CreateDirectory(_temp.Combine("secrets"));
        _volume = await _server.Kubernetes.CreateTokenVolumeAsync(_temp.Combine("sa"), "shop", "app", cancellationToken: TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await _volume.DisposeAsync();
        await _server.DisposeAsync();
        _temp.Dispose();
    }

    [Fact]
    public async Task Init_AnnotationsFile_RendersAndExitsZero()
    {
        using AgentProcess agent = Start("init", ("agent-inject-secret-app", "secret/app"), ("agent-inject-template-app", "pw={{ with secret \"secret/data/app\" }}{{ .Data.data.password }}{{ end }}\n"));

        Assert.Equal(0, await agent.WaitForExitAsync());

        Assert.Equal("pw=from-vault\n", File.ReadAllText(_temp.Combine("secrets", "app")));
        Assert.DoesNotContain("from-vault", agent.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Init_VaultFailsTwiceThenAnswers_RetriesAndRenders()
    {
        // Retries go through Polly's pipeline; the NativeAOT image builds it without Polly's options check
        // (eng/aot/Polly.Substitutions.xml), so this is the test that the trimmed pipeline still retries (VAULT_AGENT_BINARY).
        _server.Faults.FailNextRequests(2, 503, pathPrefix: "secret/");
        using AgentProcess agent = Start("init", ("agent-inject-secret-app", "secret/app"), ("agent-inject-template-app", "pw={{ with secret \"secret/data/app\" }}{{ .Data.data.password }}{{ end }}\n"));

        Assert.Equal(0, await agent.WaitForExitAsync());

        Assert.Equal("pw=from-vault\n", File.ReadAllText(_temp.Combine("secrets", "app")));
        Assert.Equal([503, 503, 200], _server.RequestLog.Where(e => e.Path.StartsWith("secret/", StringComparison.Ordinal)).Select(e => e.StatusCode));
    }

    [Fact]
    public async Task Init_BadTemplate_ExitsTwoNamingAnnotationLineAndColumn()
    {
        using AgentProcess agent = Start("init", ("agent-inject-secret-app", "secret/app"), ("agent-inject-template-app", "ok\n{{ end }}"));

        Assert.Equal(2, await agent.WaitForExitAsync());

        Assert.Contains("vault.hashicorp.com/agent-inject-template-app: template \"app\" line 2, column", agent.Output, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(_temp.Combine("secrets")));
    }

    [Fact]
    public async Task Init_MissingSecret_ExitsOneNamingItAndWritesNothing()
    {
        using AgentProcess agent = Start("init", ("agent-inject-secret-app", "secret/app"), ("agent-inject-secret-gone", "secret/gone"));

        Assert.Equal(1, await agent.WaitForExitAsync());

        Assert.Contains("secret/gone", agent.Output, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(_temp.Combine("secrets")));
    }

    [Fact]
    public async Task Sidecar_Sigterm_StopsCleanlyWithExitZero()
    {
        using AgentProcess agent = Start("sidecar", ("agent-inject-secret-app", "secret/app"));
        await agent.Started.WaitAsync(s_wait, TestContext.Current.CancellationToken);
        Assert.True(File.Exists(_temp.Combine("secrets", "app")));

        using (Process kill = Process.Start("kill", ["-TERM", agent.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync(TestContext.Current.CancellationToken);
        }

        Assert.Equal(0, await agent.WaitForExitAsync());
        Assert.Contains("Received SIGTERM", agent.Output, StringComparison.Ordinal);
        Assert.Contains("Sidecar stopping", agent.Output, StringComparison.Ordinal);
    }

    private AgentProcess Start(string mode, params (string Key, string Value)[] annotations)
    {
        var text = new StringBuilder();
        foreach ((string key, string value) in annotations.Append(("role", "app")).Append(("service", _server.Address.ToString()))
            .Append(("auth-config-token-path", _volume.TokenPath)).Append(("secret-volume-path", _temp.Combine("secrets"))))
        {
            // Written as the kubelet writes a downward-API annotations file.
            text.Append("vault.hashicorp.com/").Append(key).Append("=\"")
                .Append(value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal))
                .Append("\"\n");
        }

        string file = _temp.Combine("annotations");
        File.WriteAllText(file, text.ToString());
        return new AgentProcess(AgentBinary.Path, ["--mode", mode, "--annotations", file]);
    }

    private sealed class AgentProcess : IDisposable
    {
        private readonly Process _process;
        private readonly StringBuilder _output = new();
        private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public AgentProcess(string path, string[] args)
        {
            var startInfo = new ProcessStartInfo(path) { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (string arg in args)
            {
                startInfo.ArgumentList.Add(arg);
            }

            startInfo.Environment["VAULT_AGENT_LOG_LEVEL"] = "Information";
            _process = new Process { StartInfo = startInfo };
            _process.OutputDataReceived += OnLine;
            _process.ErrorDataReceived += OnLine;
            _process.Start();
            _process.BeginOutputReadLine();
            _process.BeginErrorReadLine();
        }

        public int Id => _process.Id;

        public Task Started => _started.Task;

        public string Output
        {
            get
            {
                lock (_output)
                {
                    return _output.ToString();
                }
            }
        }

        public async Task<int> WaitForExitAsync()
        {
            await _process.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(s_wait, TestContext.Current.CancellationToken);
            return _process.ExitCode;
        }

        public void Dispose()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            _process.Dispose();
        }

        private void OnLine(object sender, DataReceivedEventArgs e)
        {
            if (e.Data is null)
            {
                return;
            }

            lock (_output)
            {
                _output.AppendLine(e.Data);
            }

            if (e.Data.Contains("Rendered ", StringComparison.Ordinal))
            {
                _started.TrySetResult();
            }
        }
    }
}
