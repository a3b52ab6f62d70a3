// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using Vault.Kubernetes.Annotations;
using Vault.Kubernetes.Core.Tests.Sync;
using Vault.Kubernetes.Secrets;

namespace Vault.Kubernetes.Annotations.Tests;

public sealed class JsonConfigTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void FromJsonFile_SameSettingsAsAnnotations_GivesTheSameModel()
    {
        string path = _temp.Write("agent.json", """
            {
              // comments and trailing commas are allowed
              "vaultAddress": "http://127.0.0.1:8200",
              "role": "app",
              "authPath": "kubernetes",
              "namespace": "team-a",
              "tlsSkipVerify": true,
              "tlsServerName": "vault.internal",
              "secretVolumePath": "/etc/secrets",
              "staticSecretRenderInterval": "2m",
              "defaultTemplate": "json",
              "tokenSinkPath": "/etc/secrets/.token",
              "commandTimeout": "5s",
              "secrets": [
                { "name": "db", "path": "database/creds/app", "file": "db.env", "perms": "0440", "command": "true",
                  "template": "{{ with secret \"database/creds/app\" }}{{ .Data.username }}{{ end }}" },
                { "name": "config", "path": "secret/app", "kind": "kv2" },
              ],
            }
            """);
        AgentConfig fromJson = AgentJsonConfigReader.ReadFile(path);

        const string P = "vault.hashicorp.com/";
        AgentConfig fromAnnotations = AnnotationConfigReader.Read(new Dictionary<string, string>
        {
            [P + "service"] = "http://127.0.0.1:8200",
            [P + "role"] = "app",
            [P + "auth-path"] = "kubernetes",
            [P + "namespace"] = "team-a",
            [P + "tls-skip-verify"] = "true",
            [P + "tls-server-name"] = "vault.internal",
            [P + "secret-volume-path"] = "/etc/secrets",
            [P + "template-static-secret-render-interval"] = "2m",
            [P + "agent-inject-default-template"] = "json",
            [P + "agent-inject-secret-db"] = "database/creds/app",
            [P + "agent-inject-file-db"] = "db.env",
            [P + "agent-inject-perms-db"] = "0440",
            [P + "agent-inject-command-db"] = "true",
            [P + "agent-inject-template-db"] = "{{ with secret \"database/creds/app\" }}{{ .Data.username }}{{ end }}",
            [P + "agent-inject-secret-config"] = "secret/app",
        });

        Assert.Equal(fromAnnotations.Connection.Address, fromJson.Connection.Address);
        Assert.Equal(fromAnnotations.Connection.Kubernetes.Role, fromJson.Connection.Kubernetes.Role);
        Assert.Equal(fromAnnotations.Connection.Kubernetes.MountPath, fromJson.Connection.Kubernetes.MountPath);
        Assert.Equal(fromAnnotations.Connection.Namespace, fromJson.Connection.Namespace);
        Assert.Equal(fromAnnotations.Connection.SkipTlsVerify, fromJson.Connection.SkipTlsVerify);
        Assert.Equal(fromAnnotations.Connection.TlsServerName, fromJson.Connection.TlsServerName);
        Assert.Equal(fromAnnotations.StaticSecretRenderInterval, fromJson.StaticSecretRenderInterval);
        Assert.Equal("/etc/secrets/.token", fromJson.TokenSinkPath);
        Assert.Equal(TimeSpan.FromSeconds(5), fromJson.CommandTimeout);
        AgentFileSpec jsonDb = fromJson.Files[0];
        AgentFileSpec annotationDb = fromAnnotations.Files.Single(f => f.Name == "db");
        Assert.Equal(annotationDb with { Source = "x", TemplateSource = "x" }, jsonDb with { Source = "x", TemplateSource = "x" });
        Assert.Equal(Secrets.SecretSourceKind.KvV2, fromJson.Files[1].Kind);
        Assert.Equal("/etc/secrets/config", fromJson.Files[1].Destination);
    }

    [Fact]
    public void FromJsonFile_ShippedExample_LoadsWithoutWarnings()
    {
        string root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Join(root, "Vault.Kubernetes.slnx")))
        {
            root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("repository root not found");
        }

        AgentConfig config = AgentJsonConfigReader.ReadFile(Path.Join(root, "samples", "Agent", "agent.example.json"));

        Assert.Empty(config.Warnings);
        Assert.Equal(["/vault/secrets/config", "/vault/secrets/db.env"], config.Files.Select(f => f.Destination));
        Assert.Single(config.Templates[config.Files[1].Name].Specs);
    }

    [Fact]
    public void FromJsonFile_UnknownFields_WarnWithTheirPath()
    {
        string path = _temp.Write("agent.json", """{ "role": "app", "rol": "x", "secrets": [ { "name": "a", "path": "kv/a", "prems": "0400" } ] }""");

        AgentConfig config = AgentJsonConfigReader.ReadFile(path);

        Assert.Equal(["rol: unknown setting; ignored", "secrets[0].prems: unknown setting; ignored"], config.Warnings);
    }

    [Theory]
    [InlineData("""{ "role": "app", "secrets": [ { "name": "a", "path": "kv/a", "perms": "0999" } ] }""", "secrets[0].perms: '0999' is not an octal file mode")]
    [InlineData("""{ "role": "app", "secrets": [ { "name": "a", "path": "kv/a", "kind": "ldap" } ] }""", "secrets[0].kind: 'ldap' is not a secret kind")]
    [InlineData("""{ "role": "app", "secrets": [ { "path": "kv/a" } ] }""", "secrets[0].name: a name is required")]
    [InlineData("""{ "role": "app", "secrets": [ { "name": "a" } ] }""", "secrets[0].path: a Vault path is required")]
    [InlineData("""{ "role": "app", "staticSecretRenderInterval": "soon", "secrets": [ { "name": "a", "path": "kv/a" } ] }""", "staticSecretRenderInterval: 'soon' is not a positive duration")]
    [InlineData("""{ "secrets": [ { "name": "a", "path": "kv/a" } ] }""", "role: a Vault role is required")]
    [InlineData("""{ "role": "app", "secrets": [ { "name": "a", "path": "kv/a" }, { "name": "a", "path": "kv/b" } ] }""", "secrets[1].name: the name 'a' is used twice")]
    [InlineData("""{ "role": "app" }""", "no secrets to render: add an entry in 'secrets'")]
    public void FromJsonFile_MalformedSetting_FailsNamingItsPath(string json, string expected)
    {
        string path = _temp.Write("agent.json", json);

        var ex = Assert.Throws<AgentConfigurationException>(() => AgentJsonConfigReader.ReadFile(path));

        Assert.StartsWith(expected, Assert.Single(ex.Errors), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "role": "app", "tlsSkipVerify": "yes" }""", "$.tlsSkipVerify: invalid JSON")]
    [InlineData("""{ "role": "app", "secrets": [ { "name": "a", "perms": 440 } ] }""", "$.secrets[0].perms: invalid JSON")]
    [InlineData("""{ "role": """, "$.role: invalid JSON")]
    public void FromJsonFile_WrongTypeOrSyntax_FailsNamingFileAndPath(string json, string expected)
    {
        string path = _temp.Write("agent.json", json);

        var ex = Assert.Throws<AgentConfigurationException>(() => AgentJsonConfigReader.ReadFile(path));

        Assert.StartsWith($"{path}: {expected}", Assert.Single(ex.Errors), StringComparison.Ordinal);
    }
}
