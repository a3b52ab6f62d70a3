// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using Microsoft.Extensions.Options;
using Vault.Kubernetes.Http;

namespace Vault.Kubernetes.Core.Tests.Http;

public sealed class VaultConnectionSettingsTests
{
    private static Func<string, string?> Env(params (string Name, string Value)[] variables) =>
        name => variables.FirstOrDefault(v => v.Name == name).Value;

    [Fact]
    public void Resolve_NothingSet_UsesDefaults()
    {
        VaultConnectionSettings settings = VaultConnectionSettings.Resolve(new VaultClientOptions(), Env());

        Assert.Equal(new Uri("https://127.0.0.1:8200"), settings.Address);
        Assert.Null(settings.Namespace);
        Assert.Null(settings.CaCertificate);
        Assert.False(settings.SkipTlsVerify);
    }

    [Fact]
    public void Resolve_EnvironmentOnly_UsesEveryVariable()
    {
        VaultConnectionSettings settings = VaultConnectionSettings.Resolve(
            new VaultClientOptions(),
            Env(("VAULT_ADDR", "https://vault.example:8200"), ("VAULT_NAMESPACE", "ns1"), ("VAULT_CACERT", "/etc/vault/ca.pem"), ("VAULT_SKIP_VERIFY", "true")));

        Assert.Equal(new Uri("https://vault.example:8200"), settings.Address);
        Assert.Equal("ns1", settings.Namespace);
        Assert.Equal("/etc/vault/ca.pem", settings.CaCertificate);
        Assert.True(settings.SkipTlsVerify);
    }

    [Fact]
    public void Resolve_OptionsSet_WinOverEnvironment()
    {
        var options = new VaultClientOptions { Address = new Uri("https://opt:8200"), Namespace = "opt-ns", CaCertificate = "/opt/ca.pem" };

        VaultConnectionSettings settings = VaultConnectionSettings.Resolve(
            options, Env(("VAULT_ADDR", "https://env:8200"), ("VAULT_NAMESPACE", "env-ns"), ("VAULT_CACERT", "/env/ca.pem")));

        Assert.Equal(new Uri("https://opt:8200"), settings.Address);
        Assert.Equal("opt-ns", settings.Namespace);
        Assert.Equal("/opt/ca.pem", settings.CaCertificate);
    }

    [Theory]
    [InlineData("1", true)]
    [InlineData("TRUE", true)]
    [InlineData("false", false)]
    [InlineData("0", false)]
    [InlineData("", false)]
    [InlineData("yes-please", false)]
    public void Resolve_SkipVerifyVariable_ParsedAsBool(string value, bool expected)
    {
        Assert.Equal(expected, VaultConnectionSettings.Resolve(new VaultClientOptions(), Env(("VAULT_SKIP_VERIFY", value))).SkipTlsVerify);
    }

    [Fact]
    public void Resolve_InvalidAddressVariable_ThrowsNamingVariable()
    {
        var ex = Assert.Throws<ArgumentException>(() => VaultConnectionSettings.Resolve(new VaultClientOptions(), Env(("VAULT_ADDR", "not a uri"))));

        Assert.Contains("VAULT_ADDR", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_NonHttpScheme_Throws()
    {
        Assert.Throws<ArgumentException>(() => VaultConnectionSettings.Resolve(new VaultClientOptions { Address = new Uri("ftp://vault") }, Env()));
    }

    [Fact]
    public void Constructor_NegativeRetries_Throws()
    {
        Assert.Throws<OptionsValidationException>(() => new VaultClient(new VaultClientOptions { MaxRetries = -1 }, new HttpClient()));
    }
}
