// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Text.Json;
using Vault.Kubernetes.Agent.Rendering;
using Vault.Kubernetes.Annotations;
using Vault.Kubernetes.Secrets;

namespace Vault.Kubernetes.Agent.Tests.Rendering;

/// <summary>Files without a template render with the injector's default template (vault-k8s DefaultMapTemplate / DefaultJSONTemplate).</summary>
public sealed class DefaultFormatTests
{
    private static readonly DateTimeOffset s_now = new(2026, 11, 26, 8, 0, 0, TimeSpan.Zero);

    private static string Render(SecretSnapshot snapshot, DefaultTemplateFormat format, int? version = null)
    {
        IFileRenderer renderer = TemplateFileRenderer.CreateDefault(
            new AgentFileSpec { Name = "app", Source = "s", SecretPath = "secret/app", Version = version, DefaultFormat = format, Destination = "/d" });
        string key = Assert.Single(renderer.Dependencies).Key;
        return renderer.RenderAsync(new Dictionary<string, SecretSnapshot> { [key] = snapshot }, TestContext.Current.CancellationToken).AsTask().GetAwaiter().GetResult();
    }

    [Fact]
    public void Render_MapFormatKvV1_WritesSortedKeyValueLinesAsGoPrintsThem()
    {
        SecretSnapshot snapshot = Snapshot("""{"username":"app","password":"p@ss: word","port":5432,"ratio":1.50,"enabled":true,"none":null,"tags":["a","b"],"nested":{"z":1,"a":"x"}}""");

        string content = Render(snapshot, DefaultTemplateFormat.Map);

        Assert.Equal(
            // A null entry prints "<no value>": text/template unwraps the interface{} before printing, as Vault Agent does.
            "enabled: true\nnested: map[a:x z:1]\nnone: <no value>\npassword: p@ss: word\nport: 5432\nratio: 1.50\ntags: [a b]\nusername: app\n",
            content);
    }

    [Fact]
    public void Render_MapFormatKvV2_WritesDataAndMetadataMaps()
    {
        SecretSnapshot snapshot = Snapshot("""{"user":"app","password":"s3cret"}""", version: 3);

        string content = Render(snapshot, DefaultTemplateFormat.Map);

        Assert.Equal("data: map[password:s3cret user:app]\nmetadata: map[version:3]\n", content);
    }

    [Fact]
    public void Render_JsonFormatKvV1_WritesCompactSortedJsonWithGoEscaping()
    {
        SecretSnapshot snapshot = Snapshot("""{"url":"https://x/?a=1&b=<2>","n":7,"list":[true,null],"o":{"b":"é","a":"line\nbreak"}}""");

        string content = Render(snapshot, DefaultTemplateFormat.Json);

        Assert.Equal("""{"list":[true,null],"n":7,"o":{"a":"line\nbreak","b":"é"},"url":"https://x/?a=1\u0026b=\u003c2\u003e"}""" + "\n", content);
    }

    [Fact]
    public void Render_JsonFormatKvV2_WrapsDataWithMetadata()
    {
        SecretSnapshot snapshot = Snapshot("""{"k":"v"}""", version: 12);

        string content = Render(snapshot, DefaultTemplateFormat.Json);

        Assert.Equal("""{"data":{"k":"v"},"metadata":{"version":12}}""" + "\n", content);
    }

    [Fact]
    public async Task RenderAsync_SecretNotRead_FailsNamingFileAndSecret()
    {
        IFileRenderer renderer = TemplateFileRenderer.CreateDefault(new AgentFileSpec { Name = "app", Source = "vault.hashicorp.com/agent-inject-secret-app", SecretPath = "secret/app", Destination = "/vault/secrets/app" });

        var ex = await Assert.ThrowsAsync<FileRenderException>(async () => await renderer.RenderAsync(new Dictionary<string, SecretSnapshot>(), TestContext.Current.CancellationToken));

        Assert.Equal("/vault/secrets/app (vault.hashicorp.com/agent-inject-secret-app): the secret secret/app has not been read", ex.Message);
    }

    [Fact]
    public void Dependencies_PinnedVersion_KeyNamesPathAndVersion()
    {
        IFileRenderer renderer = TemplateFileRenderer.CreateDefault(new AgentFileSpec { Name = "app", Source = "s", SecretPath = "secret/app", Version = 2, Destination = "/d" });

        SecretDependency dependency = Assert.Single(renderer.Dependencies);
        Assert.Equal("secret/app?version=2", dependency.Key);
        Assert.Equal(2, dependency.Spec.Version);
        Assert.Null(dependency.Spec.Transform);
    }

    internal static SecretSnapshot Snapshot(string json, int? version = null)
    {
        using var document = JsonDocument.Parse(json);
        var data = document.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone());
        return new SecretSnapshot(data, s_now) { Version = version };
    }
}
