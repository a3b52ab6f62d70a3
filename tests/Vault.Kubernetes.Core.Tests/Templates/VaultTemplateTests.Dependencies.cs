// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using Vault.Kubernetes.Templates;

namespace Vault.Kubernetes.Core.Tests.Templates;

/// <summary>Declared dependencies, fetching through a source, and KV v2 path rewriting done by the fetcher.</summary>
public sealed partial class VaultTemplateTests
{
    [Fact]
    public void Dependencies_RepeatedSecrets_AreDistinctInSourceOrder()
    {
        const string Template = """
            {{ with secret "kv/b" }}{{ end }}
            {{ with secret "/kv/a/" }}{{ end }}
            {{ with secret "pki/issue/web" "common_name=a.example.com" "ttl=24h" }}{{ end }}
            {{ with secret "kv/b" }}{{ .Data.x }}{{ end }}
            {{ with secret "pki/issue/web" "ttl = 24h" "common_name=a.example.com" "" }}{{ end }}
            {{ (secret "kv/a").Data.y }}
            """;

        var template = VaultTemplate.Parse(Template);

        TemplateSecretRequest pki = new("pki/issue/web", [new("common_name", "a.example.com"), new("ttl", "24h")]);
        Assert.Equal([new TemplateSecretRequest("kv/b"), new TemplateSecretRequest("kv/a"), pki], template.Dependencies);
        Assert.False(template.HasDynamicDependencies);
        Assert.True(template.Dependencies[2].IsWrite);
    }

    [Fact]
    public void Dependencies_ComputedPath_IsReportedAsDynamic()
    {
        var template = VaultTemplate.Parse("{{ with secret \"kv/static\" }}{{ end }}{{ with secret (printf \"kv/%s\" (env \"APP\")) }}{{ end }}");

        Assert.Equal([new TemplateSecretRequest("kv/static")], template.Dependencies);
        Assert.True(template.HasDynamicDependencies);
    }

    [Fact]
    public async Task RenderAsync_SecretUsedManyTimes_IsFetchedOnce()
    {
        var source = new FakeTemplateSecretSource().Add("kv/app", TestSecrets.Data("{\"a\":\"1\",\"b\":\"2\"}"));
        var template = VaultTemplate.Parse("{{ with secret \"kv/app\" }}{{ .Data.a }}{{ end }}{{ with secret \"kv/app\" }}{{ .Data.b }}{{ end }}{{ (secret \"kv/app\").Data.a }}");

        string output = await template.RenderAsync(source, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal("121", output);
        Assert.Equal([new TemplateSecretRequest("kv/app")], source.Requests);
    }

    [Fact]
    public async Task RenderAsync_DynamicPaths_FetchesEachWhenReached()
    {
        var source = new FakeTemplateSecretSource()
            .Add("kv/pointer", TestSecrets.Data("{\"target\":\"kv/billing\"}"))
            .Add("kv/billing", TestSecrets.Data("{\"v\":\"found\"}"))
            .Add("kv/env-billing", TestSecrets.Data("{\"v\":\"from-env\"}"));
        var template = VaultTemplate.Parse(
            "{{ with secret \"kv/pointer\" }}{{ with secret .Data.target }}{{ .Data.v }}{{ end }}{{ end }}|{{ with secret (printf \"kv/env-%s\" (env \"APP\")) }}{{ .Data.v }}{{ end }}");
        var options = new TemplateRenderOptions { EnvironmentLookup = _ => "billing" };

        string output = await template.RenderAsync(source, options, TestContext.Current.CancellationToken);

        Assert.Equal("found|from-env", output);
        Assert.Equal(["kv/pointer", "kv/billing", "kv/env-billing"], source.Requests.Select(r => r.Path));
    }

    [Fact]
    public async Task RenderAsync_SecretInBranchNotTaken_IsNeverFetched()
    {
        var source = new FakeTemplateSecretSource().Add("kv/app", TestSecrets.Data("{\"v\":\"1\"}"));
        var template = VaultTemplate.Parse(
            "{{ if eq (env \"USE_DB\") \"true\" }}{{ with secret \"database/creds/ro\" }}{{ .Data.username }}{{ end }}{{ end }}{{ with secret \"kv/app\" }}{{ .Data.v }}{{ end }}");
        var options = new TemplateRenderOptions { EnvironmentLookup = _ => "false" };

        string output = await template.RenderAsync(source, options, TestContext.Current.CancellationToken);

        Assert.Equal("1", output);
        Assert.Equal([new TemplateSecretRequest("kv/app")], source.Requests);
        Assert.Contains(new TemplateSecretRequest("database/creds/ro"), template.Dependencies);
    }

    [Fact]
    public async Task RenderAsync_UnboundedComputedSecrets_StopsWithRenderError()
    {
        var source = new FakeTemplateSecretSource { Fallback = TestSecrets.Data("{}") };
        var template = VaultTemplate.Parse("{{ range 300 }}{{ with secret (printf \"kv/%d\" .) }}{{ end }}{{ end }}");

        TemplateRenderException error = await Assert.ThrowsAsync<TemplateRenderException>(
            async () => await template.RenderAsync(source, cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal("the template asks for more than 256 distinct secrets", error.Reason);
        Assert.Equal(256, source.Requests.Count);
    }

    [Fact]
    public async Task RenderAsync_KvV2MountWithoutDataSegment_FetchesRewrittenPath()
    {
        var source = new FakeTemplateSecretSource()
            .WithKvV2Mount("secret/")
            .Add("secret/data/app", TestSecrets.AppKvV2())
            .Add("kv1/app", TestSecrets.Data("{\"password\":\"v1pass\"}"));
        var template = VaultTemplate.Parse(
            "{{ with secret \"secret/app\" }}{{ .Data.data.username }}{{ end }}|{{ with secret \"secret/data/app\" }}{{ .Data.metadata.version }}{{ end }}|{{ with secret \"kv1/app\" }}{{ .Data.password }}{{ end }}");

        string output = await template.RenderAsync(source, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal("svc|4|v1pass", output);
        Assert.Equal(["secret/app", "secret/data/app", "kv1/app"], source.Requests.Select(r => r.Path));
        Assert.Equal(["secret/data/app", "secret/data/app", "kv1/app"], source.FetchedPaths);
    }

    [Fact]
    public async Task RenderAsync_SourceFails_PropagatesTheSourceError()
    {
        var template = VaultTemplate.Parse("{{ with secret \"kv/absent\" }}{{ end }}");

        InvalidOperationException error = await Assert.ThrowsAsync<InvalidOperationException>(
            async () => await template.RenderAsync(new FakeTemplateSecretSource(), cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal("no secret exists at kv/absent", error.Message);
    }

    [Fact]
    public async Task RenderAsync_Cancelled_StopsFetching()
    {
        var source = new FakeTemplateSecretSource().Add("kv/a", TestSecrets.Data("{}"));
        var template = VaultTemplate.Parse("{{ with secret \"kv/a\" }}{{ end }}");
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await template.RenderAsync(source, cancellationToken: cancellation.Token));
        Assert.Empty(source.Requests);
    }

    [Fact]
    public async Task RenderAsync_ManyTemplates_EngineFetchesUnionOnce()
    {
        // An engine unions Dependencies across templates, fetches each once, then renders each from the shared set.
        var source = new FakeTemplateSecretSource()
            .Add("kv/shared", TestSecrets.Data("{\"v\":\"s\"}"))
            .Add("kv/only-b", TestSecrets.Data("{\"v\":\"b\"}"));
        VaultTemplate[] templates =
        [
            VaultTemplate.Parse("{{ with secret \"kv/shared\" }}{{ .Data.v }}{{ end }}", "a"),
            VaultTemplate.Parse("{{ with secret \"kv/shared\" }}{{ .Data.v }}{{ end }}{{ with secret \"kv/only-b\" }}{{ .Data.v }}{{ end }}", "b"),
        ];
        var fetched = new Dictionary<TemplateSecretRequest, TemplateSecret>();
        foreach (TemplateSecretRequest request in templates.SelectMany(t => t.Dependencies).Distinct())
        {
            fetched[request] = await source.GetSecretAsync(request, TestContext.Current.CancellationToken);
        }

        Assert.Equal(["s", "sb"], templates.Select(t => t.Render(fetched)));
        Assert.Equal(2, source.Requests.Count);
    }
}
