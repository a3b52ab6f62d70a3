// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using Vault.Kubernetes.Agent.Configuration;
using Vault.Kubernetes.Agent.Rendering;
using Vault.Kubernetes.Annotations;
using Vault.Kubernetes.Secrets;
using Vault.Kubernetes.Sync;

namespace Vault.Kubernetes.Agent.Tests.Rendering;

public sealed class TemplateFileRendererTests
{
    private const string P = "vault.hashicorp.com/";

    [Fact]
    public void Create_BadTemplate_FailsAtStartNamingAnnotationLineAndColumn()
    {
        AgentConfig config = Config((P + "agent-inject-template-app", "line one\n{{ with secret \"secret/app\" }}\n  {{ .Data.data.x | nosuchfunc }}\n{{ end }}"));

        var ex = Assert.Throws<AgentConfigurationException>(() => FileRendererFactory.Create(config));

        string error = Assert.Single(ex.Errors);
        Assert.StartsWith(P + "agent-inject-template-app: template \"app\" line 3, column ", error, StringComparison.Ordinal);
        Assert.Contains("nosuchfunc", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_SeveralBadTemplates_ReportsEach()
    {
        AgentConfig config = Config(
            (P + "agent-inject-template-app", "{{ with secret \"secret/app\" }}"),
            (P + "agent-inject-secret-other", "secret/other"),
            (P + "agent-inject-template-other", "{{ secret (env \"P\") }}"));

        var ex = Assert.Throws<AgentConfigurationException>(() => FileRendererFactory.Create(config));

        Assert.Equal(2, ex.Errors.Count);
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

        IFileRenderer renderer = FileRendererFactory.Create(config).Single().Renderer;

        Assert.Equal(["secret/data/app?version=2", "database/creds/ro", "pki/issue/web common_name=a.example.com ttl=24h"], renderer.Dependencies.Select(d => d.Key));
        Assert.Equal(2, renderer.Dependencies[0].Spec.Version);
        Assert.Equal(SecretSourceKind.Dynamic, renderer.Dependencies[1].Spec.Kind);
        SecretSpec pki = renderer.Dependencies[2].Spec;
        Assert.True(pki.UseWrite);
        Assert.Equal("a.example.com", pki.Body!["common_name"]);
    }

    [Fact]
    public async Task RenderAsync_KvV2AndDynamicSecrets_RendersAsVaultAgent()
    {
        AgentConfig config = Config((P + "agent-inject-template-app", """
            {{- with secret "secret/app" -}}
            api={{ .Data.data.apiKey }} v{{ .Data.metadata.version }}
            {{ end -}}
            {{- with secret "database/creds/ro" -}}
            {{ .Data.username }}:{{ .Data.password }} lease={{ .LeaseID }} ttl={{ .LeaseDuration }}
            {{ end -}}
            """));
        IFileRenderer renderer = FileRendererFactory.Create(config).Single().Renderer;
        var secrets = new Dictionary<string, SecretSnapshot>
        {
            ["secret/app"] = DefaultFormatTests.Snapshot("""{"apiKey":"k1"}""", version: 7),
            ["database/creds/ro"] = WithLease(DefaultFormatTests.Snapshot("""{"username":"u","password":"p"}"""), "database/creds/ro/abc", 3600),
        };

        string content = await renderer.RenderAsync(secrets, TestContext.Current.CancellationToken);

        Assert.Equal("api=k1 v7\nu:p lease=database/creds/ro/abc ttl=3600\n", content);
    }

    [Fact]
    public async Task RenderAsync_CustomDelimiters_AreUsed()
    {
        AgentConfig config = Config(
            (P + "agent-inject-template-app", "[[ with secret \"secret/app\" ]]{{literal}} [[ .Data.x ]][[ end ]]"),
            (P + "agent-template-left-delim-app", "[["),
            (P + "agent-template-right-delim-app", "]]"));
        IFileRenderer renderer = FileRendererFactory.Create(config).Single().Renderer;

        string content = await renderer.RenderAsync(new Dictionary<string, SecretSnapshot> { ["secret/app"] = DefaultFormatTests.Snapshot("""{"x":"1"}""") }, TestContext.Current.CancellationToken);

        Assert.Equal("{{literal}} 1", content);
    }

    [Fact]
    public async Task RenderAsync_MissingKeyWithErrorOnMissingKey_FailsNamingFileAndPosition()
    {
        AgentConfig config = Config(
            (P + "agent-inject-template-app", "{{ with secret \"secret/app\" }}{{ .Data.nope }}{{ end }}"),
            (P + "error-on-missing-key-app", "true"));
        AgentFile file = FileRendererFactory.Create(config).Single();

        var ex = await Assert.ThrowsAsync<FileRenderException>(async () =>
            await file.Renderer.RenderAsync(new Dictionary<string, SecretSnapshot> { ["secret/app"] = DefaultFormatTests.Snapshot("""{"x":"secret-value"}""") }, TestContext.Current.CancellationToken));

        Assert.StartsWith($"/vault/secrets/app ({P}agent-inject-template-app): template \"app\" line 1, column ", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-value", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RenderAsync_MissingKeyByDefault_PrintsNoValue()
    {
        AgentConfig config = Config((P + "agent-inject-template-app", "{{ with secret \"secret/app\" }}{{ .Data.nope }}{{ end }}"));
        IFileRenderer renderer = FileRendererFactory.Create(config).Single().Renderer;

        string content = await renderer.RenderAsync(new Dictionary<string, SecretSnapshot> { ["secret/app"] = DefaultFormatTests.Snapshot("""{"x":"1"}""") }, TestContext.Current.CancellationToken);

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

        return AgentConfigLoader.FromAnnotations(annotations);
    }
}
