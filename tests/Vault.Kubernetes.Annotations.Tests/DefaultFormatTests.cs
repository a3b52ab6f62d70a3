// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using Vault.Kubernetes.Core.Tests.Secrets;
using Vault.Kubernetes.Secrets;

namespace Vault.Kubernetes.Annotations.Tests;

/// <summary>Files without a template render with the injector's default template (vault-k8s DefaultMapTemplate / DefaultJSONTemplate).</summary>
public sealed class DefaultFormatTests
{
    private static string Render(SecretSnapshot snapshot, DefaultTemplateFormat format, int? version = null)
    {
        SecretTemplate template = AgentFileTemplate.Create(
            new AgentFileSpec { Name = "app", Source = "s", SecretPath = "secret/app", Version = version, DefaultFormat = format, Destination = "/d" });
        string key = Assert.Single(template.Specs).Name;
        return template.Render(new Dictionary<string, SecretSnapshot> { [key] = snapshot });
    }

    [Fact]
    public void Render_MapFormatKvV1_WritesSortedKeyValueLinesAsGoPrintsThem()
    {
        SecretSnapshot snapshot = TestSnapshots.FromJson("""{"username":"app","password":"p@ss: word","port":5432,"ratio":1.50,"enabled":true,"none":null,"tags":["a","b"],"nested":{"z":1,"a":"x"}}""");

        string content = Render(snapshot, DefaultTemplateFormat.Map);

        Assert.Equal(
            // A null entry prints "<no value>": text/template unwraps the interface{} before printing, as Vault Agent does.
            "enabled: true\nnested: map[a:x z:1]\nnone: <no value>\npassword: p@ss: word\nport: 5432\nratio: 1.50\ntags: [a b]\nusername: app\n",
            content);
    }

    [Fact]
    public void Render_MapFormatKvV2_WritesDataAndMetadataMaps()
    {
        SecretSnapshot snapshot = TestSnapshots.FromJson("""{"user":"app","password":"s3cret"}""", version: 3);

        string content = Render(snapshot, DefaultTemplateFormat.Map);

        Assert.Equal("data: map[password:s3cret user:app]\nmetadata: map[custom_metadata:<nil> version:3]\n", content);
    }

    [Fact]
    public void Render_JsonFormatKvV1_WritesCompactSortedJsonWithGoEscaping()
    {
        SecretSnapshot snapshot = TestSnapshots.FromJson("""{"url":"https://x/?a=1&b=<2>","n":7,"list":[true,null],"o":{"b":"é","a":"line\nbreak"}}""");

        string content = Render(snapshot, DefaultTemplateFormat.Json);

        Assert.Equal("""{"list":[true,null],"n":7,"o":{"a":"line\nbreak","b":"é"},"url":"https://x/?a=1\u0026b=\u003c2\u003e"}""" + "\n", content);
    }

    [Fact]
    public void Render_JsonFormatKvV2_WrapsDataWithMetadata()
    {
        SecretSnapshot snapshot = TestSnapshots.FromJson("""{"k":"v"}""", version: 12);

        string content = Render(snapshot, DefaultTemplateFormat.Json);

        Assert.Equal("""{"data":{"k":"v"},"metadata":{"custom_metadata":null,"version":12}}""" + "\n", content);
    }

    [Fact]
    public void Dependencies_PinnedVersion_KeyNamesPathAndVersion()
    {
        SecretTemplate template = AgentFileTemplate.Create(new AgentFileSpec { Name = "app", Source = "s", SecretPath = "secret/app", Version = 2, Destination = "/d" });

        SecretSpec spec = Assert.Single(template.Specs);
        Assert.Equal("secret/app?version=2", spec.Name);
        Assert.Equal(2, spec.Version);
        Assert.Null(spec.Transform);
    }
}
