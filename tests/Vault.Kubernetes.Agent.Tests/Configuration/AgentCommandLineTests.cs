// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using Vault.Kubernetes.Agent.Hosting;
using Vault.Kubernetes.Annotations;

namespace Vault.Kubernetes.Agent.Tests.Configuration;

public sealed class AgentCommandLineTests
{
    [Fact]
    public void Parse_InitWithDefaults_UsesDownwardApiAnnotations()
    {
        AgentCommandLine commandLine = AgentCommandLine.Parse(["--mode", "init"]);

        Assert.True(commandLine.Init);
        Assert.Equal("/vault/podinfo/annotations", commandLine.AnnotationsPath);
        Assert.Null(commandLine.ConfigPath);
    }

    [Fact]
    public void Parse_SidecarWithConfigAndAddress_ReadsThem()
    {
        AgentCommandLine commandLine = AgentCommandLine.Parse(["--mode=sidecar", "--config", "/etc/agent.json", "--vault-addr=http://vault:8200"]);

        Assert.False(commandLine.Init);
        Assert.Null(commandLine.AnnotationsPath);
        Assert.Equal("/etc/agent.json", commandLine.ConfigPath);
        Assert.Equal("http://vault:8200", commandLine.VaultAddress);
    }

    [Fact]
    public void LoadConfig_AddressFlag_WinsOverTheAnnotation()
    {
        using var temp = new Vault.Kubernetes.Core.Tests.Sync.TempDirectory();
        string file = temp.Combine("annotations");
        File.WriteAllText(file, "vault.hashicorp.com/role=\"app\"\nvault.hashicorp.com/service=\"https://from-annotation:8200\"\nvault.hashicorp.com/agent-inject-secret-a=\"secret/a\"\n");

        AgentConfig flagged = AgentCommandLine.Parse(["--mode", "init", "--annotations", file, "--vault-addr", "http://from-flag:8200"]).LoadConfig();
        AgentConfig plain = AgentCommandLine.Parse(["--mode", "init", "--annotations", file]).LoadConfig();

        Assert.Equal("http://from-flag:8200", flagged.Connection.Address);
        Assert.Equal("https://from-annotation:8200", plain.Connection.Address);
    }

    [Theory]
    [InlineData(new string[0], "--mode: expected init or sidecar, got '(none)'")]
    [InlineData(new[] { "--mode", "daemon" }, "--mode: expected init or sidecar, got 'daemon'")]
    [InlineData(new[] { "--mode" }, "--mode: a value is required")]
    [InlineData(new[] { "--mode", "init", "--verbose" }, "--verbose: unknown argument")]
    [InlineData(new[] { "--mode", "init", "--config", "a", "--annotations", "b" }, "--annotations and --config cannot be used together")]
    public void Parse_BadArguments_FailWithClearMessage(string[] args, string expected)
    {
        var ex = Assert.Throws<AgentConfigurationException>(() => AgentCommandLine.Parse(args));

        Assert.Equal(expected, Assert.Single(ex.Errors));
    }
}
