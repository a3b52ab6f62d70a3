// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using Microsoft.Extensions.Time.Testing;
using Moq;
using Vault.Kubernetes.Authentication;
using Vault.Kubernetes.Http;
using Vault.Kubernetes.Secrets;

namespace Vault.Kubernetes.Core.Tests.Authentication;

public sealed class KubernetesAuthMethodTests : IDisposable
{
    private readonly KubeletTokenVolume _volume = new();

    public void Dispose() => _volume.Dispose();

    [Fact]
    public async Task Session_KubeletRotatesProjectedToken_SecondLoginUsesNewJwt()
    {
        string firstJwt = TestJwt.Projected(jti: "first");
        string secondJwt = TestJwt.Projected(jti: "second");
        _volume.Write(firstJwt);
        var method = new KubernetesAuthMethod("app", new ProjectedServiceAccountTokenSource(_volume.TokenPath));
        await using var harness = new SessionHarness(authMethod: method);

        string firstToken = await harness.GetTokenAsync();
        _volume.Write(secondJwt);
        await harness.Session.OnTokenRejectedAsync(new SecretString(firstToken), TestContext.Current.CancellationToken);
        await harness.GetTokenAsync();

        Assert.Equal([firstJwt, secondJwt], harness.Client.LoginJwts);
        Assert.Equal([("app", "kubernetes"), ("app", "kubernetes")], harness.Client.LoginTargets);
    }

    [Fact]
    public async Task Session_TokenFileMissing_ErrorNamesPathRoleAndMount()
    {
        var method = new KubernetesAuthMethod("app", new ProjectedServiceAccountTokenSource(_volume.TokenPath), "auth/k8s-prod");
        await using var harness = new SessionHarness(authMethod: method);

        VaultAuthenticationException error = await Assert.ThrowsAsync<VaultAuthenticationException>(harness.GetTokenAsync);

        Assert.Contains(_volume.TokenPath, error.Message, StringComparison.Ordinal);
        Assert.Contains("role 'app'", error.Message, StringComparison.Ordinal);
        Assert.Contains("auth mount 'k8s-prod'", error.Message, StringComparison.Ordinal);
        Assert.IsType<FileNotFoundException>(error.InnerException);
        Assert.Equal(0, harness.Client.LoginsStarted.Count);
    }

    [Fact]
    public async Task Session_TokenFileGarbage_ErrorDoesNotContainContent()
    {
        const string Content = "s3cr3t-not-a-jwt";
        _volume.Write(Content);
        var method = new KubernetesAuthMethod("app", new ProjectedServiceAccountTokenSource(_volume.TokenPath));
        await using var harness = new SessionHarness(authMethod: method);

        VaultAuthenticationException error = await Assert.ThrowsAsync<VaultAuthenticationException>(harness.GetTokenAsync);

        Assert.Contains(_volume.TokenPath, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Content, error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("kubernetes", "kubernetes")]
    [InlineData("auth/kubernetes", "kubernetes")]
    [InlineData("/auth/k8s/prod/", "k8s/prod")]
    [InlineData("k8s-east", "k8s-east")]
    public void Constructor_MountPath_IsNormalized(string given, string expected)
    {
        Assert.Equal(expected, new KubernetesAuthMethod("app", mountPath: given).MountPath);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("auth/")]
    public void Constructor_EmptyMountPath_Throws(string mountPath)
    {
        ArgumentException ex = Assert.Throws<ArgumentException>(() => new KubernetesAuthMethod("app", mountPath: mountPath));
        Assert.Equal("mountPath", ex.ParamName);
    }

    [Fact]
    public void Constructor_Defaults_UseProjectedTokenAndKubernetesMount()
    {
        var method = new KubernetesAuthMethod("app");

        Assert.Equal("kubernetes", method.MountPath);
        Assert.Equal(ProjectedServiceAccountTokenSource.DefaultPath, Assert.IsType<ProjectedServiceAccountTokenSource>(method.TokenSource).Path);
        Assert.Equal("app", ((IVaultAuthMethod)method).Role);
        Assert.DoesNotContain("eyJ", method.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoginAsync_ResponseWithoutAuth_ThrowsVaultException()
    {
        var client = new Mock<VaultClient>();
        client.Setup(c => c.LoginKubernetesAsync("app", It.IsAny<SecretString>(), "kubernetes", It.IsAny<CancellationToken>()))
            .ReturnsAsync(VaultModelFactory.VaultResponse());
        var method = new KubernetesAuthMethod("app", new StaticServiceAccountTokenSource(TestJwt.Projected()));

        VaultException ex = await Assert.ThrowsAsync<VaultException>(() => method.LoginAsync(client.Object, TestContext.Current.CancellationToken));

        Assert.Contains("auth/kubernetes/login", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TokenAuthMethod_LoginAsync_ReadsLookupSelfData()
    {
        var client = new FakeVaultClient(new FakeTimeProvider()) { TokenTtl = TimeSpan.FromMinutes(90), Renewable = true };
        var method = new TokenAuthMethod(new SecretString("hvs.static"));

        VaultAuthInfo auth = await method.LoginAsync(client, TestContext.Current.CancellationToken);

        Assert.Equal("hvs.static", auth.ClientToken.Reveal());
        Assert.Equal(TimeSpan.FromMinutes(90), auth.LeaseDuration);
        Assert.True(auth.Renewable);
        Assert.Equal("root-accessor", auth.Accessor);
        Assert.Equal(["root"], auth.Policies);
        Assert.Equal("token", method.MountPath);
        Assert.Null(method.Role);
    }

    [Fact]
    public async Task TokenAuthMethod_LookupWithoutData_ThrowsVaultException()
    {
        var client = new Mock<VaultClient>();
        client.Setup(c => c.LookupSelfAsync(It.IsAny<SecretString>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(VaultModelFactory.VaultResponse());
        var method = new TokenAuthMethod(new SecretString("hvs.static"));

        VaultException ex = await Assert.ThrowsAsync<VaultException>(() => method.LoginAsync(client.Object, TestContext.Current.CancellationToken));

        Assert.Contains("lookup-self", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hvs.static", ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void TokenAuthMethod_EmptyToken_Throws()
    {
        Assert.Throws<ArgumentException>(() => new TokenAuthMethod(new SecretString(string.Empty)));
    }
}
