// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using Vault.Kubernetes.Core.Tests.Sync;
using Vault.Kubernetes.Annotations;
using Vault.Kubernetes.Secrets;
using Vault.Kubernetes.Sync;

namespace Vault.Kubernetes.Annotations.Tests;

public sealed class AnnotationConfigTests : IDisposable
{
    private const string P = "vault.hashicorp.com/";
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void FromAnnotations_EveryAnnotation_MapsToConfig()
    {
        string ca = _temp.Write("ca.pem", "-----BEGIN CERTIFICATE-----");
        AgentConfig config = AnnotationConfigReader.Read(new Dictionary<string, string>
        {
            [P + "agent-inject"] = "true",
            [P + "role"] = "app",
            [P + "auth-path"] = "auth/k8s-east",
            [P + "namespace"] = "team-a",
            [P + "service"] = "https://vault.vault.svc:8200",
            [P + "ca-cert"] = ca,
            [P + "tls-skip-verify"] = "false",
            [P + "tls-server-name"] = "vault.internal",
            [P + "secret-volume-path"] = "/etc/secrets",
            [P + "agent-pre-populate-only"] = "true",
            [P + "template-static-secret-render-interval"] = "30s",
            [P + "agent-inject-secret-DB"] = "database/creds/app",
            [P + "agent-inject-template-DB"] = "{{ with secret \"database/creds/app\" }}{{ .Data.username }}{{ end }}",
            [P + "agent-inject-file-DB"] = "conf/db.env",
            [P + "agent-inject-perms-DB"] = "0440",
            [P + "agent-inject-command-DB"] = "kill -HUP 1",
            [P + "agent-inject-secret-config"] = "secret/data/app?version=3",
            ["app.kubernetes.io/name"] = "ignored",
        });

        Assert.Equal("app", config.Connection.Kubernetes.Role);
        Assert.Equal("k8s-east", config.Connection.Kubernetes.MountPath);
        Assert.Equal("team-a", config.Connection.Namespace);
        Assert.Equal("https://vault.vault.svc:8200", config.Connection.Address);
        Assert.Equal(ca, config.Connection.CaCertificate);
        Assert.False(config.Connection.SkipTlsVerify);
        Assert.Equal("vault.internal", config.Connection.TlsServerName);
        Assert.Equal("/etc/secrets", config.SecretVolumePath);
        Assert.True(config.PrePopulateOnly);
        Assert.Equal(TimeSpan.FromSeconds(30), config.StaticSecretRenderInterval);
        Assert.Empty(config.Warnings);
        Assert.Null(config.TokenSinkPath);

        AgentFileSpec db = config.Files.Single(f => f.Name == "DB");
        Assert.Equal("database/creds/app", db.SecretPath);
        Assert.Equal(SecretSourceKind.Dynamic, db.Kind);
        Assert.Equal("/etc/secrets/conf/db.env", db.Destination);
        Assert.Equal((UnixFileMode)0x120, db.Mode);
        Assert.Equal("kill -HUP 1", db.Command);
        Assert.Contains(".Data.username", db.Template, StringComparison.Ordinal);
        Assert.Equal(P + "agent-inject-template-DB", db.TemplateSource);

        AgentFileSpec kv = config.Files.Single(f => f.Name == "config");
        Assert.Equal("secret/data/app", kv.SecretPath);
        Assert.Equal(3, kv.Version);
        Assert.Equal(SecretSourceKind.Kv, kv.Kind);
        Assert.Null(kv.Template);
    }

    [Fact]
    public void FromAnnotations_OnlyRoleAndSecret_UsesInjectorDefaults()
    {
        AgentConfig config = AnnotationConfigReader.Read(new Dictionary<string, string>
        {
            [P + "role"] = "app",
            [P + "agent-inject-secret-Api-Keys"] = "secret/app",
        });

        AgentFileSpec file = Assert.Single(config.Files);
        Assert.Equal("kubernetes", config.Connection.Kubernetes.MountPath);
        Assert.Equal("/var/run/secrets/kubernetes.io/serviceaccount/token", config.Connection.Kubernetes.TokenPath);
        Assert.Equal("/vault/secrets/api-keys", file.Destination);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, file.Mode);
        Assert.Equal(DefaultTemplateFormat.Map, file.DefaultFormat);
        Assert.Null(file.Command);
        Assert.Null(config.StaticSecretRenderInterval);
        Assert.False(config.PrePopulateOnly);
        Assert.Null(config.Connection.Address);
    }

    [Theory]
    [InlineData("kubernetes", "kubernetes")]
    [InlineData("/auth/k8s/", "k8s")]
    [InlineData("k8s-west", "k8s-west")]
    public void FromAnnotations_AuthPathWithOrWithoutAuthPrefix_Normalizes(string value, string expected)
    {
        AgentConfig config = AnnotationConfigReader.Read(Minimal((P + "auth-path", value)));

        Assert.Equal(expected, config.Connection.Kubernetes.MountPath);
    }

    [Fact]
    public void FromAnnotations_PreserveSecretCaseAndJsonDefault_Apply()
    {
        AgentConfig config = AnnotationConfigReader.Read(Minimal(
            (P + "agent-inject-secret-MyCert", "pki/issue/web"),
            (P + "preserve-secret-case-MyCert", "true"),
            (P + "agent-inject-default-template", "json")));

        AgentFileSpec cert = config.Files.Single(f => f.Name == "MyCert");
        Assert.Equal("/vault/secrets/MyCert", cert.Destination);
        Assert.Equal(DefaultTemplateFormat.Json, cert.DefaultFormat);
        Assert.Equal(SecretSourceKind.Dynamic, cert.Kind);
    }

    [Fact]
    public void FromAnnotations_InjectToken_WritesTokenIntoSecretVolume()
    {
        AgentConfig config = AnnotationConfigReader.Read(Minimal((P + "agent-inject-token", "true")));

        Assert.Equal("/vault/secrets/token", config.TokenSinkPath);
    }

    [Fact]
    public void FromAnnotations_TemplateFile_IsReadAtStart()
    {
        string template = _temp.Write("db.tmpl", "{{ with secret \"kv/app\" }}{{ .Data.x }}{{ end }}");

        AgentConfig config = AnnotationConfigReader.Read(Minimal((P + "agent-inject-template-file-app", template)));

        Assert.Equal("{{ with secret \"kv/app\" }}{{ .Data.x }}{{ end }}", config.Files.Single().Template);
    }

    [Theory]
    [InlineData("database/creds/app", SecretSourceKind.Dynamic)]
    [InlineData("database/static-creds/app", SecretSourceKind.StaticCredentials)]
    [InlineData("aws/sts/deploy", SecretSourceKind.Dynamic)]
    [InlineData("secret/data/app", SecretSourceKind.Kv)]
    [InlineData("kv/app", SecretSourceKind.Kv)]
    public void FromAnnotations_SecretPath_ClassifiedByEngineConvention(string path, SecretSourceKind expected)
    {
        AgentConfig config = AnnotationConfigReader.Read(Minimal((P + "agent-inject-secret-app", path)));

        Assert.Equal(expected, config.Files.Single().Kind);
    }

    [Fact]
    public void FromAnnotations_UnknownAnnotations_WarnOnceEachAndInjectorOnlyOnesAreSilent()
    {
        AgentConfig config = AnnotationConfigReader.Read(Minimal(
            (P + "agent-image", "hashicorp/vault:2.0.4"),
            (P + "agent-limits-cpu", "500m"),
            (P + "agent-inject-status", "injected"),
            (P + "agent-cache-listener-port", "8200"),
            (P + "made-up", "x"),
            ("example.com/other", "x")));

        Assert.Equal(
            [
                P + "agent-cache-listener-port: unknown or unsupported annotation; ignored",
                P + "made-up: unknown or unsupported annotation; ignored",
            ],
            config.Warnings);
    }

    [Fact]
    public void FromAnnotations_CacheEnable_DefaultsOnAndCanBeTurnedOff()
    {
        Assert.True(AnnotationConfigReader.Read(Minimal()).CacheEnabled);
        Assert.False(AnnotationConfigReader.Read(Minimal((P + "agent-cache-enable", "false"))).CacheEnabled);
        var ex = Assert.Throws<AgentConfigurationException>(() => AnnotationConfigReader.Read(Minimal((P + "agent-cache-enable", "maybe"))));
        Assert.StartsWith(P + "agent-cache-enable: ", Assert.Single(ex.Errors), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("agent-inject-perms-app", "0999", "is not an octal file mode")]
    [InlineData("agent-inject-perms-app", "rw-r-----", "is not an octal file mode")]
    [InlineData("tls-skip-verify", "yes", "is not a boolean")]
    [InlineData("agent-pre-populate-only", "maybe", "is not a boolean")]
    [InlineData("agent-inject-token", "on", "is not a boolean")]
    [InlineData("error-on-missing-key-app", "sure", "is not a boolean")]
    [InlineData("template-static-secret-render-interval", "5 minutes", "is not a positive duration")]
    [InlineData("template-static-secret-render-interval", "-5s", "is not a positive duration")]
    [InlineData("template-static-secret-render-interval", "0s", "is not a positive duration")]
    [InlineData("agent-inject-template-other", "{{ .Data }}", "there is no secret named 'other'")]
    [InlineData("agent-inject-perms-other", "0400", "there is no secret named 'other'")]
    [InlineData("agent-inject-file-app", "../../etc/passwd", "is not a relative file path")]
    [InlineData("agent-inject-file-app", "dir/", "is not a relative file path")]
    [InlineData("agent-inject-default-template", "yaml", "is not a default template")]
    [InlineData("auth-type", "jwt", "is not supported")]
    [InlineData("service", "vault:8200", "is not an http or https address")]
    [InlineData("secret-volume-path", "relative/dir", "is not an absolute path")]
    [InlineData("ca-cert", "/nonexistent/ca.pem", "does not exist")]
    [InlineData("agent-inject-command-app", " ", "the command is empty")]
    [InlineData("agent-inject-template-app", "  ", "the template is empty")]
    [InlineData("agent-inject-template-file-app", "/nonexistent/app.tmpl", "cannot read the template file")]
    [InlineData("agent-inject-secret-app", "secret/app?version=abc", "has an unsupported query")]
    [InlineData("agent-inject-secret-app", "/", "the Vault path is empty")]
    [InlineData("agent-inject-secret-", "secret/x", "needs a secret name")]
    [InlineData("auth-path", "/", "the auth path is empty")]
    public void FromAnnotations_MalformedAnnotation_FailsNamingIt(string annotation, string value, string expected)
    {
        var ex = Assert.Throws<AgentConfigurationException>(() => AnnotationConfigReader.Read(Minimal((P + annotation, value))));

        string error = Assert.Single(ex.Errors);
        Assert.StartsWith(P + annotation + ": ", error, StringComparison.Ordinal);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.Contains(P + annotation, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromAnnotations_MissingRole_FailsNamingTheRoleAnnotation()
    {
        var ex = Assert.Throws<AgentConfigurationException>(() => AnnotationConfigReader.Read(new Dictionary<string, string>
        {
            [P + "agent-inject-secret-app"] = "secret/app",
        }));

        Assert.Equal(P + "role: a Vault role is required", Assert.Single(ex.Errors));
    }

    [Fact]
    public void FromAnnotations_NoSecretsAndNoToken_Fails()
    {
        var ex = Assert.Throws<AgentConfigurationException>(() => AnnotationConfigReader.Read(new Dictionary<string, string> { [P + "role"] = "app" }));

        Assert.Contains(P + "agent-inject-secret-<name>", Assert.Single(ex.Errors), StringComparison.Ordinal);
    }

    [Fact]
    public void FromAnnotations_TwoSecretsRenderToOneFile_FailsNamingBoth()
    {
        var ex = Assert.Throws<AgentConfigurationException>(() => AnnotationConfigReader.Read(Minimal(
            (P + "agent-inject-secret-other", "secret/other"),
            (P + "agent-inject-file-other", "app"))));

        Assert.Equal($"{P}agent-inject-secret-app, {P}agent-inject-secret-other: all render to /vault/secrets/app", Assert.Single(ex.Errors));
    }

    [Fact]
    public void FromAnnotations_SeveralProblems_ReportsEveryOne()
    {
        var ex = Assert.Throws<AgentConfigurationException>(() => AnnotationConfigReader.Read(new Dictionary<string, string>
        {
            [P + "agent-inject-secret-a"] = "secret/a",
            [P + "agent-inject-perms-a"] = "9",
            [P + "tls-skip-verify"] = "nope",
        }));

        Assert.Equal(3, ex.Errors.Count);
        Assert.Contains(ex.Errors, e => e.StartsWith(P + "role:", StringComparison.Ordinal));
        Assert.Contains(ex.Errors, e => e.StartsWith(P + "agent-inject-perms-a:", StringComparison.Ordinal));
        Assert.Contains(ex.Errors, e => e.StartsWith(P + "tls-skip-verify:", StringComparison.Ordinal));
    }

    [Fact]
    public void FromAnnotations_TemplateFileAnnotationOfSecretNamedFileX_IsItsTemplate()
    {
        // "agent-inject-template-file-x" is ambiguous; a secret really named "file-x" takes it as its inline template.
        AgentConfig config = AnnotationConfigReader.Read(Minimal(
            (P + "agent-inject-secret-file-x", "secret/x"),
            (P + "agent-inject-template-file-x", "inline")));

        Assert.Equal("inline", config.Files.Single(f => f.Name == "file-x").Template);
    }

    [Fact]
    public void FromAnnotationFile_DownwardApiFile_LoadsConfig()
    {
        string path = _temp.Write("annotations", $"{P}agent-inject-secret-app=\"secret/app\"\n{P}role=\"app\"\n");

        AgentConfig config = AnnotationConfigReader.ReadFile(path);

        Assert.Equal("secret/app", config.Files.Single().SecretPath);
    }

    [Fact]
    public void FromAnnotationFile_Missing_FailsNamingTheFile()
    {
        var ex = Assert.Throws<AgentConfigurationException>(() => AnnotationConfigReader.ReadFile("/nonexistent/annotations"));

        Assert.StartsWith("/nonexistent/annotations: cannot read the file", Assert.Single(ex.Errors), StringComparison.Ordinal);
    }

    private static Dictionary<string, string> Minimal(params (string Key, string Value)[] extra)
    {
        var annotations = new Dictionary<string, string>
        {
            [P + "role"] = "app",
            [P + "agent-inject-secret-app"] = "secret/app",
        };
        foreach ((string key, string value) in extra)
        {
            annotations[key] = value;
        }

        return annotations;
    }
}
