// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using Vault.Kubernetes.Agent.Files;
using Vault.Kubernetes.Agent.Rendering;
using Vault.Kubernetes.Core.Tests.Secrets;
using Vault.Kubernetes.Annotations;
using Vault.Kubernetes.Core.Tests.Sync;
using Vault.Kubernetes.Secrets;
using Vault.Kubernetes.Sync;

namespace Vault.Kubernetes.Agent.Tests.Files;

public sealed class AgentFileSinkTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly FakeLogger _logger = new();
    private readonly FakeTimeProvider _time = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task WriteAsync_Live_RendersFileAndRunsCommandOncePerChange()
    {
        string counter = _temp.Combine("count");
        (AgentFileSink sink, AgentFile file) = CreateSink($"echo run >> '{counter}'");
        sink.Live = true;
        CancellationToken ct = TestContext.Current.CancellationToken;

        await sink.WriteAsync(Content(file, """{"password":"one"}"""), ct);
        await sink.WriteAsync(Content(file, """{"password":"one"}"""), ct);
        Assert.Equal("password: one\n", await File.ReadAllTextAsync(file.Spec.Destination, ct));
        Assert.Single(await File.ReadAllLinesAsync(counter, ct));

        await sink.WriteAsync(Content(file, """{"password":"two"}"""), ct);
        Assert.Equal("password: two\n", await File.ReadAllTextAsync(file.Spec.Destination, ct));
        Assert.Equal(2, (await File.ReadAllLinesAsync(counter, ct)).Length);
    }

    [Fact]
    public async Task WriteAsync_NotLive_CollectsSnapshotsWithoutWriting()
    {
        (AgentFileSink sink, AgentFile file) = CreateSink(command: null);

        await sink.WriteAsync(Content(file, """{"password":"one"}"""), TestContext.Current.CancellationToken);

        Assert.False(File.Exists(file.Spec.Destination));
        Assert.True(sink.Secrets.ContainsKey("secret/app"));
        Assert.Equal("password: one\n", System.Text.Encoding.UTF8.GetString(sink.Render(file)));
    }

    [Fact]
    public async Task WriteAsync_FileCannotBeWritten_ThrowsSoTheEngineRetries()
    {
        string blocker = _temp.Write("blocker", "a file where a directory should be");
        (AgentFileSink sink, AgentFile file) = CreateSink(command: null, destination: Path.Join(blocker, "app"));
        sink.Live = true;

        var ex = await Assert.ThrowsAsync<FileRenderException>(async () =>
            await sink.WriteAsync(Content(file, """{"password":"one"}"""), TestContext.Current.CancellationToken));

        Assert.Contains(file.Spec.Destination, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("one", ex.Message.Replace(file.Spec.Destination, string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
    }

    private (AgentFileSink Sink, AgentFile File) CreateSink(string? command, string? destination = null)
    {
        var spec = new AgentFileSpec
        {
            Name = "app",
            Source = "vault.hashicorp.com/agent-inject-secret-app",
            SecretPath = "secret/app",
            Kind = SecretSourceKind.KvV1,
            Destination = destination ?? _temp.Combine("app"),
            Command = command,
        };
        var file = new AgentFile(spec);
        var sink = new AgentFileSink([file], new CommandRunner(TimeSpan.FromSeconds(30), _logger, _time), _logger);
        return (sink, file);
    }

    private static SecretTargetContent Content(AgentFile file, string json)
    {
        SecretSpec spec = file.Template.Specs[0];
        SecretSnapshot snapshot = TestSnapshots.FromJson(json);
        var item = new SecretTargetItem(spec, snapshot, SecretDataTransform.Instance.Transform(spec, snapshot));
        return new SecretTargetContent(new SecretSyncTarget("agent", [spec]), [item], json);
    }
}
