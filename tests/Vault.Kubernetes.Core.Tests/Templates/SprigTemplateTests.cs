// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Text.Json;
using Vault.Kubernetes.Templates;

namespace Vault.Kubernetes.Core.Tests.Templates;

/// <summary>The Vault Secrets Operator's template dialect: data handed in as <c>.</c>, sprig's function names and argument orders, no secret or env.</summary>
public sealed class SprigTemplateTests
{
    private static readonly JsonElement s_data = JsonDocument.Parse("""
        {"Secrets":{"username":"app","password":"s3cr3t","port":5432,"empty":""},
         "Metadata":{},"Annotations":{"db":"shop"},"Labels":{"team":"payments"}}
        """).RootElement;

    [Theory]
    [InlineData("""{{ .Secrets.username }}:{{ .Secrets.password }}""", "app:s3cr3t")]
    [InlineData("""{{- printf "postgresql://%s:%s@db:%v/%s" .Secrets.username .Secrets.password .Secrets.port (get .Annotations "db") -}}""", "postgresql://app:s3cr3t@db:5432/shop")]
    [InlineData("""{{ .Secrets.password | b64enc }}""", "czNjcjN0")]
    [InlineData("""{{ "czNjcjN0" | b64dec }}""", "s3cr3t")]
    [InlineData("""{{ .Secrets.username | upper }} {{ "ABC" | lower }} {{ "hello world" | title }}""", "APP abc Hello World")]
    [InlineData("""{{ .Secrets.empty | default "fallback" }} {{ .Secrets.username | default "fallback" }}""", "fallback app")]
    [InlineData("""{{ .Secrets.username | quote }} {{ .Secrets.username | squote }}""", "\"app\" 'app'")]
    [InlineData("""{{ "  x  " | trim }}|{{ "prefix-x" | trimPrefix "prefix-" }}|{{ "x.txt" | trimSuffix ".txt" }}""", "x|x|x")]
    [InlineData("""{{ "a-b-c" | replace "-" "_" }}""", "a_b_c")]
    [InlineData("""{{ if .Secrets.username | hasPrefix "ap" }}yes{{ end }}{{ if "app" | contains "pp" }}!{{ end }}{{ if "app" | hasSuffix "x" }}no{{ end }}""", "yes!")]
    [InlineData("""{{ "a,b" | splitList "," | join ";" }}""", "a;b")]
    [InlineData("""{{ .Labels | toJson }}""", """{"team":"payments"}""")]
    [InlineData("""x:{{ "a\nb" | nindent 2 }}""", "x:\n  a\n  b")]
    [InlineData("""{{ "abc" | sha256sum }}""", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")]
    [InlineData("""{{ get .Secrets "missing" }}|{{ $.Labels.team }}""", "|payments")]
    public void Render_DataAndSprigFunctions(string text, string expected)
    {
        VaultTemplate template = VaultTemplate.Parse(text, new TemplateParseOptions { Functions = TemplateFunctionSet.Sprig });

        string rendered = template.Render(new Dictionary<TemplateSecretRequest, TemplateSecret>(), new TemplateRenderOptions { Data = s_data });

        Assert.Equal(expected, rendered);
    }

    [Theory]
    [InlineData("""{{ with secret "secret/data/app" }}{{ .Data.data.password }}{{ end }}""", "secret")]
    [InlineData("""{{ env "HOME" }}""", "env")]
    [InlineData("""{{ .Secrets.password | base64Encode }}""", "base64Encode")]
    public void Parse_FunctionsOutsideTheSprigSet_FailNamingTheFunction(string text, string function)
    {
        TemplateParseException error = Assert.Throws<TemplateParseException>(() =>
            VaultTemplate.Parse(text, new TemplateParseOptions { Name = "url", Functions = TemplateFunctionSet.Sprig }));

        Assert.Contains($"unsupported function \"{function}\"", error.Message, StringComparison.Ordinal);
        Assert.Contains("url", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ConsulTemplateSet_DoesNotKnowSprigNames()
    {
        TemplateParseException error = Assert.Throws<TemplateParseException>(() => VaultTemplate.Parse("""{{ "x" | b64enc }}"""));

        Assert.Contains("unsupported function \"b64enc\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_WithoutData_DotIsNil()
    {
        VaultTemplate template = VaultTemplate.Parse("""{{ if . }}data{{ else }}none{{ end }}""", new TemplateParseOptions { Functions = TemplateFunctionSet.Sprig });

        Assert.Equal("none", template.Render(new Dictionary<TemplateSecretRequest, TemplateSecret>()));
    }

    [Fact]
    public void Render_FunctionFailure_NamesTheFunctionNotTheValue()
    {
        VaultTemplate template = VaultTemplate.Parse("""{{ .Secrets.password | b64dec }}""", new TemplateParseOptions { Name = "pw", Functions = TemplateFunctionSet.Sprig });

        TemplateRenderException error = Assert.Throws<TemplateRenderException>(() =>
            template.Render(new Dictionary<TemplateSecretRequest, TemplateSecret>(), new TemplateRenderOptions { Data = s_data }));

        Assert.Contains("b64dec", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t", error.Message, StringComparison.Ordinal);
    }
}
