// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Text.Json;
using Vault.Kubernetes.Templates;

namespace Vault.Kubernetes.Core.Tests.Templates;

public sealed class TemplateSecretTests
{
    [Fact]
    public void ToString_NeverShowsData()
    {
        TemplateSecret secret = TestSecrets.DatabaseCreds();

        string text = secret.ToString();

        Assert.DoesNotContain(TestSecrets.DbPassword, text, StringComparison.Ordinal);
        Assert.Contains("[REDACTED]", text, StringComparison.Ordinal);
        Assert.Contains("database/creds/readonly/Xq3Zp9LkT2wB7cVn4sRm8HjD", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_ClonesData_SoTheDocumentMayBeDisposed()
    {
        TemplateSecret secret;
        using (JsonDocument document = JsonDocument.Parse("{\"k\":\"v\"}"))
        {
            secret = new TemplateSecret(document.RootElement);
        }

        Assert.Equal("v", secret.Data.GetProperty("k").GetString());
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("\"text\"")]
    [InlineData("1")]
    public void Constructor_NonObjectData_Throws(string json)
    {
        Assert.Throws<ArgumentException>(() => new TemplateSecret(TestSecrets.Parse(json)));
    }

    [Fact]
    public void Render_NullData_MakesFieldAccessARenderError()
    {
        var template = VaultTemplate.Parse("{{ with secret \"kv/deleted\" }}{{ .Data.data.password }}{{ end }}");
        var secret = new TemplateSecret(TestSecrets.Parse("null"));

        TemplateRenderException error = Assert.Throws<TemplateRenderException>(() => template.Render(VaultTemplateTests.Secrets(("kv/deleted", secret))));

        Assert.Equal(".Data.data.password", error.Construct);
    }
}
