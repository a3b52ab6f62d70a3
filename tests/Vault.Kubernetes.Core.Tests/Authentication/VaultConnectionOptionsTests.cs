// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Text.Json;
using Vault.Kubernetes.Authentication;

namespace Vault.Kubernetes.Core.Tests.Authentication;

public sealed class VaultConnectionOptionsTests
{
    [Fact]
    public void Serialize_DumpOfOptions_NeverCarriesTheToken()
    {
        var options = new VaultConnectionOptions { Address = "https://vault:8200", Token = "hvs.dev-only-secret" };

        string json = JsonSerializer.Serialize(options);

        Assert.DoesNotContain("hvs.dev-only-secret", json, StringComparison.Ordinal);
        Assert.Contains("https://vault:8200", json, StringComparison.Ordinal);
        Assert.DoesNotContain("hvs.dev-only-secret", options.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void ToClientOptions_AddressFromEnvironment_AndBadAddressNamed()
    {
        var options = new VaultConnectionOptions { Namespace = "team", SkipTlsVerify = true };

        var client = options.ToClientOptions(name => name == "VAULT_ADDR" ? "http://127.0.0.1:8200" : null);

        Assert.Equal(new Uri("http://127.0.0.1:8200"), client.Address);
        Assert.Equal("team", client.Namespace);
        Assert.True(client.SkipTlsVerify);
        var error = Assert.Throws<ArgumentException>(() => new VaultConnectionOptions { Address = "vault:8200" }.ToClientOptions(_ => null));
        Assert.Contains("Address", error.Message, StringComparison.Ordinal);
    }
}
