// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using Vault.Kubernetes.Authentication;
using Vault.Kubernetes.Http;
using Vault.Kubernetes.Samples.DevServer;
using Vault.Kubernetes.Secrets;
using Vault.Kubernetes.Testing;
using Vault.Kubernetes.Testing.Kubernetes;

namespace DevServer.Tests;

/// <summary>The standalone dev server's command line: every switch, strict errors, and the setup a newcomer runs the samples against.</summary>
public sealed class DevServerCommandLineTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void Parse_EverySwitch_FillsTheSettings()
    {
        (DevServerSettings? settings, string? error) = DevServerCommandLine.Parse(
        [
            "--port", "8200", "--root-token", "root", "--tls", "--k8s-role", "app", "--service-account", "shop/web",
            "--token-volume", "/tmp/vk-token", "--db-role", "readonly", "--latency", "20ms",
            "--kv", "secret/app", "user=u,password=p", "--kv", "other", "k=v",
        ]);

        Assert.Null(error);
        Assert.NotNull(settings);
        Assert.Equal(8200, settings.Port);
        Assert.Equal("root", settings.RootToken);
        Assert.True(settings.Tls);
        Assert.Equal(("app", "shop", "web"), (settings.KubernetesRole, settings.ServiceAccountNamespace, settings.ServiceAccountName));
        Assert.Equal("/tmp/vk-token", settings.TokenVolume);
        Assert.Equal("readonly", settings.DatabaseRole);
        Assert.Equal(TimeSpan.FromMilliseconds(20), settings.Latency);
        Assert.Equal(["app", "other"], settings.KvSecrets.Select(s => s.Path));
        Assert.Equal("p", settings.KvSecrets[0].Data["password"]);
        Assert.False(settings.Help);
    }

    [Fact]
    public void Parse_Kubernetes_KeepsTheClusterSwitches()
    {
        (DevServerSettings? settings, _) = DevServerCommandLine.Parse(["--kubernetes", "--kube-port", "6443", "--kubeconfig", "kc", "--latency", "1.5s"]);

        Assert.True(settings!.Kubernetes);
        Assert.Equal(6443, settings.KubePort);
        Assert.Equal(Path.GetFullPath("kc"), settings.KubeconfigPath);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), settings.Latency);
    }

    [Theory]
    [InlineData("-h")]
    [InlineData("--help")]
    public void Parse_Help_AsksForTheUsage(string flag)
    {
        Assert.True(DevServerCommandLine.Parse([flag]).Settings!.Help);
        Assert.Contains("--k8s-role", DevServerCommandLine.Usage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--port", "--port")]
    [InlineData("--port x", "--port")]
    [InlineData("--port 70000", "--port")]
    [InlineData("--latency", "--latency")]
    [InlineData("--latency 20", "--latency")]
    [InlineData("--latency fast", "--latency")]
    [InlineData("--kv app", "--kv")]
    [InlineData("--kv app novalue", "--kv")]
    [InlineData("--service-account web", "--service-account")]
    [InlineData("--db-role", "--db-role")]
    [InlineData("--k8s-role", "--k8s-role")]
    [InlineData("--bogus", "--bogus")]
    [InlineData("--token-volume /tmp/t", "--token-volume")]
    [InlineData("--kubernetes --k8s-role app", "--k8s-role")]
    public void Parse_BadInput_IsAnErrorNamingTheSwitch(string line, string named)
    {
        (DevServerSettings? settings, string? error) = DevServerCommandLine.Parse(line.Split(' '));

        Assert.Null(settings);
        Assert.Contains(named, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Apply_KubernetesRoleTokenVolumeDatabaseAndKv_LoginWithTheVolumesTokenReadsBoth()
    {
        string directory = Path.Combine(Path.GetTempPath(), "vk-devserver-" + Guid.NewGuid().ToString("N"));
        (DevServerSettings? settings, _) = DevServerCommandLine.Parse(
            ["--k8s-role", "app", "--token-volume", directory, "--db-role", "app", "--kv", "app", "password=s3cr3t", "--latency", "1ms"]);
        await using VaultDevServer server = await VaultDevServer.StartAsync(cancellationToken: Ct);
        using var output = new StringWriter();

        await using ServiceAccountTokenVolume? volume = await DevServerSetup.ApplyAsync(server, settings!, output, Ct);
        try
        {
            Assert.NotNull(volume);
            Assert.Contains(volume.TokenPath, output.ToString(), StringComparison.Ordinal);
            var connection = new VaultConnectionOptions { Address = server.Address.ToString(), Kubernetes = { Role = "app", TokenPath = volume.TokenPath } };
            await using var sessions = new VaultSessionCache();
            using VaultSessionHandle session = sessions.Acquire(VaultIdentity.FromOptions(connection));

            KvSecret secret = await session.Client.ReadKvAsync("secret/app", cancellationToken: Ct);
            VaultResponse? credentials = await session.Client.ReadAsync("database/creds/app", Ct);

            Assert.Equal("s3cr3t", secret.Data["password"].GetString());
            Assert.True(server.Database.IsValid(credentials!.Data!.Value.GetProperty("username").GetString()!, credentials.Data.Value.GetProperty("password").GetString()!));
        }
        finally
        {
            await (volume?.DisposeAsync() ?? ValueTask.CompletedTask);
            Directory.Delete(directory, recursive: true);
        }
    }
}
