// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using Vault.Kubernetes.Annotations;

namespace Vault.Kubernetes.Annotations.Tests;

public sealed class InjectorAnnotationReaderTests
{
    private const string P = "vault.hashicorp.com/";

    [Fact]
    public void Read_NoAnnotations_VaultK8sDefaults()
    {
        InjectorSettings settings = InjectorAnnotationReader.Read(new Dictionary<string, string>());

        Assert.False(settings.Inject);
        Assert.True(settings.PrePopulate);
        Assert.False(settings.PrePopulateOnly);
        Assert.False(settings.InitFirst);
        Assert.True(settings.SetSecurityContext);
        Assert.Equal("/vault/secrets", settings.SecretVolumePath);
        Assert.Equal(100, settings.RunAsUser);
        Assert.Equal(1000, settings.RunAsGroup);
        Assert.Equal(new Dictionary<string, string> { ["cpu"] = "500m", ["memory"] = "128Mi" }, settings.Limits);
        Assert.Equal(new Dictionary<string, string> { ["cpu"] = "250m", ["memory"] = "64Mi" }, settings.Requests);
        Assert.Null(settings.Image);
        Assert.Null(settings.Containers);
    }

    [Fact]
    public void Read_EveryAnnotation_Mapped()
    {
        InjectorSettings settings = InjectorAnnotationReader.Read(new Dictionary<string, string>
        {
            [P + "agent-inject"] = "true",
            [P + "agent-inject-status"] = "update",
            [P + "agent-image"] = "registry/agent:2",
            [P + "agent-init-first"] = "T",
            [P + "agent-pre-populate-only"] = "1",
            [P + "secret-volume-path"] = "/etc/secrets",
            [P + "agent-limits-cpu"] = "",
            [P + "agent-limits-ephemeral"] = "1Gi",
            [P + "agent-requests-mem"] = "1.5e3",
            [P + "agent-run-as-user"] = "0",
            [P + "agent-run-as-group"] = "0",
            [P + "agent-set-security-context"] = "false",
            [P + "agent-inject-containers"] = "app, web,",
            [P + "agent-service-account-token-volume-name"] = "token-vol",
        });

        Assert.True(settings.Inject);
        Assert.Equal("update", settings.Status);
        Assert.Equal("registry/agent:2", settings.Image);
        Assert.True(settings.InitFirst);
        Assert.True(settings.PrePopulateOnly);
        Assert.Equal("/etc/secrets", settings.SecretVolumePath);
        Assert.Equal(new Dictionary<string, string> { ["ephemeral-storage"] = "1Gi", ["memory"] = "128Mi" }, settings.Limits);
        Assert.Equal("1.5e3", settings.Requests["memory"]);
        Assert.Equal(0, settings.RunAsUser);
        Assert.False(settings.SetSecurityContext);
        Assert.Equal(["app", "web"], settings.Containers!);
        Assert.Equal("token-vol", settings.ServiceAccountTokenVolumeName);
    }

    [Fact]
    public void Read_BadValues_EveryErrorNamesItsAnnotation()
    {
        var ex = Assert.Throws<AgentConfigurationException>(() => InjectorAnnotationReader.Read(new Dictionary<string, string>
        {
            [P + "agent-limits-mem"] = "128MB",
            [P + "agent-run-as-group"] = "admins",
            [P + "agent-init-first"] = "yes",
            [P + "secret-volume-path"] = "secrets",
            [P + "agent-pre-populate"] = "false",
            [P + "agent-pre-populate-only"] = "true",
        }));

        Assert.Equal(5, ex.Errors.Count);
        Assert.Contains(ex.Errors, e => e.StartsWith(P + "agent-limits-mem:", StringComparison.Ordinal));
        Assert.Contains(ex.Errors, e => e.StartsWith(P + "agent-run-as-group:", StringComparison.Ordinal));
        Assert.Contains(ex.Errors, e => e.StartsWith(P + "agent-init-first:", StringComparison.Ordinal));
        Assert.Contains(ex.Errors, e => e.StartsWith(P + "secret-volume-path:", StringComparison.Ordinal));
        Assert.Contains(ex.Errors, e => e.StartsWith(P + "agent-pre-populate-only: conflicts", StringComparison.Ordinal));
    }

    [Fact]
    public void ReadWithoutFiles_CaCertMissingOnDisk_Accepted()
    {
        var annotations = new Dictionary<string, string> { [P + "role"] = "app", [P + "agent-inject-secret-a"] = "secret/a", [P + "ca-cert"] = "/nowhere/ca.crt" };

        Assert.Equal("/nowhere/ca.crt", AnnotationConfigReader.ReadWithoutFiles(annotations).Connection.CaCertificate);
        Assert.Throws<AgentConfigurationException>(() => AnnotationConfigReader.Read(annotations));
    }

    [Fact]
    public void ReadWithoutFiles_RelativeCaCert_StillRefused()
    {
        var annotations = new Dictionary<string, string> { [P + "role"] = "app", [P + "agent-inject-secret-a"] = "secret/a", [P + "ca-cert"] = "ca.crt" };

        var ex = Assert.Throws<AgentConfigurationException>(() => AnnotationConfigReader.ReadWithoutFiles(annotations));
        Assert.Contains(ex.Errors, e => e.StartsWith(P + "ca-cert:", StringComparison.Ordinal));
    }
}
