// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using Vault.Kubernetes.Agent.Rendering;
using Vault.Kubernetes.Annotations;
using Vault.Kubernetes.Core.Tests.Secrets;
using Vault.Kubernetes.Secrets;

namespace Vault.Kubernetes.Agent.Tests.Rendering;

/// <summary>Render failures name the file and where it was declared, never a secret value.</summary>
public sealed class AgentFileTests
{
    private const string P = "vault.hashicorp.com/";

    [Fact]
    public void Render_MissingKeyWithErrorOnMissingKey_FailsNamingFileAndPosition()
    {
        AgentConfig config = AnnotationConfigReader.Read(new Dictionary<string, string>
        {
            [P + "role"] = "app",
            [P + "agent-inject-secret-app"] = "secret/app",
            [P + "agent-inject-template-app"] = "{{ with secret \"secret/app\" }}{{ .Data.nope }}{{ end }}",
            [P + "error-on-missing-key-app"] = "true",
        });
        AgentFile file = Assert.Single(AgentFile.From(config));

        var ex = Assert.Throws<FileRenderException>(() => file.Render(new Dictionary<string, SecretSnapshot> { ["secret/app"] = TestSnapshots.FromJson("""{"x":"secret-value"}""") }));

        Assert.StartsWith($"/vault/secrets/app ({P}agent-inject-template-app): template \"app\" line 1, column ", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-value", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_SecretNotRead_FailsNamingFileAndSecret()
    {
        var file = new AgentFile(new AgentFileSpec { Name = "app", Source = P + "agent-inject-secret-app", SecretPath = "secret/app", Destination = "/vault/secrets/app" });

        var ex = Assert.Throws<FileRenderException>(() => file.Render(new Dictionary<string, SecretSnapshot>()));

        Assert.Equal($"/vault/secrets/app ({P}agent-inject-secret-app): the secret secret/app has not been read", ex.Message);
    }
}
