// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using Vault.Kubernetes.Core.Tests.Secrets;
using Vault.Kubernetes.Secrets;

namespace Vault.Kubernetes.Annotations.Tests;

/// <summary>Templates are compiled while the configuration is read: their errors come with every other problem, and each names the annotation.</summary>
public sealed class AgentFileTemplateTests
{
    private const string P = "vault.hashicorp.com/";

    [Fact]
    public void Create_BadTemplate_FailsAtStartNamingAnnotationLineAndColumn()
    {
        var ex = Assert.Throws<AgentConfigurationException>(() => Config((P + "agent-inject-template-app", "line one\n{{ with secret \"secret/app\" }}\n  {{ .Data.data.x | nosuchfunc }}\n{{ end }}")));

        string error = Assert.Single(ex.Errors);
        Assert.StartsWith(P + "agent-inject-template-app: template \"app\" line 3, column ", error, StringComparison.Ordinal);
        Assert.Contains("nosuchfunc", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_SeveralBadTemplatesAndAnnotations_ReportsEveryProblemTogether()
    {
        var ex = Assert.Throws<AgentConfigurationException>(() => Config(
            (P + "agent-inject-template-app", "{{ with secret \"secret/app\" }}"),
            (P + "agent-inject-secret-other", "secret/other"),
            (P + "agent-inject-template-other", "{{ secret (env \"P\") }}"),
            (P + "agent-inject-secret-third", "secret/third"),
            (P + "agent-inject-perms-third", "rwx")));

        Assert.Equal(3, ex.Errors.Count);
        Assert.Contains(ex.Errors, e => e.StartsWith(P + "agent-inject-perms-third: 'rwx' is not an octal file mode", StringComparison.Ordinal));
        Assert.Contains(ex.Errors, e => e.StartsWith(P + "agent-inject-template-app: template \"app\" line 1", StringComparison.Ordinal));
        Assert.Contains(ex.Errors, e => e.StartsWith(P + "agent-inject-template-other: a secret path computed while rendering", StringComparison.Ordinal));
    }

    [Fact]
    public void Create_Template_DependsOnEverySecretItNamesWithKinds()
    {
        AgentConfig config = Config((P + "agent-inject-template-app", """
            {{ with secret "secret/data/app?version=2" }}{{ .Data.data.k }}{{ end }}
            {{ with secret "database/creds/ro" }}{{ .Data.username }}{{ end }}
            {{ with secret "pki/issue/web" "common_name=a.example.com" "ttl=24h" }}{{ .Data.certificate }}{{ end }}
            {{ with secret "database/creds/ro" }}{{ .Data.password }}{{ end }}
            """));

        SecretTemplate template = config.Templates["app"];

        Assert.Equal(["secret/data/app?version=2", "database/creds/ro", "pki/issue/web common_name=a.example.com ttl=24h"], template.Specs.Select(s => s.Name));
        Assert.Equal(2, template.Specs[0].Version);
        Assert.Equal(SecretSourceKind.Dynamic, template.Specs[1].Kind);
        SecretSpec pki = template.Specs[2];
        Assert.True(pki.UseWrite);
        Assert.Equal("a.example.com", pki.Body!["common_name"]);
    }

    [Fact]
    public void Render_KvV2AndDynamicSecrets_RendersAsVaultAgent()
    {
        AgentConfig config = Config((P + "agent-inject-template-app", """
            {{- with secret "secret/app" -}}
            api={{ .Data.data.apiKey }} v{{ .Data.metadata.version }}
            {{ end -}}
            {{- with secret "database/creds/ro" -}}
            {{ .Data.username }}:{{ .Data.password }} lease={{ .LeaseID }} ttl={{ .LeaseDuration }}
            {{ end -}}
            """));
        SecretTemplate template = config.Templates["app"];
        var secrets = new Dictionary<string, SecretSnapshot>
        {
            ["secret/app"] = TestSnapshots.FromJson("""{"apiKey":"k1"}""", version: 7),
            ["database/creds/ro"] = WithLease(TestSnapshots.FromJson("""{"username":"u","password":"p"}"""), "database/creds/ro/abc", 3600),
        };

        string content = template.Render(secrets);

        Assert.Equal("api=k1 v7\nu:p lease=database/creds/ro/abc ttl=3600\n", content);
    }

    [Fact]
    public void Render_CustomDelimiters_AreUsed()
    {
        AgentConfig config = Config(
            (P + "agent-inject-template-app", "[[ with secret \"secret/app\" ]]{{literal}} [[ .Data.x ]][[ end ]]"),
            (P + "agent-template-left-delim-app", "[["),
            (P + "agent-template-right-delim-app", "]]"));
        string content = config.Templates["app"].Render(new Dictionary<string, SecretSnapshot> { ["secret/app"] = TestSnapshots.FromJson("""{"x":"1"}""") });

        Assert.Equal("{{literal}} 1", content);
    }

    [Fact]
    public void Render_MissingKeyByDefault_PrintsNoValue()
    {
        AgentConfig config = Config((P + "agent-inject-template-app", "{{ with secret \"secret/app\" }}{{ .Data.nope }}{{ end }}"));

        string content = config.Templates["app"].Render(new Dictionary<string, SecretSnapshot> { ["secret/app"] = TestSnapshots.FromJson("""{"x":"1"}""") });

        Assert.Equal("<no value>", content);
    }

    private static SecretSnapshot WithLease(SecretSnapshot snapshot, string leaseId, int seconds) =>
        new(snapshot.Data, snapshot.RetrievedAt) { LeaseId = leaseId, LeaseDuration = TimeSpan.FromSeconds(seconds) };

    private static AgentConfig Config(params (string Key, string Value)[] extra)
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

        return AnnotationConfigReader.Read(annotations);
    }
}
