// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using Vault.Kubernetes.Templates;

namespace Vault.Kubernetes.Core.Tests.Templates;

/// <summary>The supported functions, with Go / consul-template argument orders and output formats.</summary>
public sealed partial class VaultTemplateTests
{
    private static readonly TemplateSecret s_sample = TestSecrets.Data(
        "{\"k\":\"v\",\"list\":[\"a\",\"b\"],\"m\":{\"a\":{\"b\":\"deep\"}},\"tags\":[\"dev\",\"prod\"],\"version\":4,\"price\":1.50," +
        "\"html\":\"<a>&'\",\"blob\":\"{\\\"inner\\\":\\\"v2\\\"}\",\"padded\":\"  x  \",\"s\":\"text\"}");

    [Theory]
    [InlineData("{{ index .Data \"k\" }}", "v")]
    [InlineData("{{ index .Data.list 1 }}", "b")]
    [InlineData("{{ index .Data.m \"a\" \"b\" }}", "deep")]
    [InlineData("{{ index .Data \"missing\" }}", "<no value>")]
    public void Render_Index_LooksUpMapsAndLists(string template, string expected)
    {
        Assert.Equal(expected, RenderSample(template));
    }

    [Fact]
    public void Render_IndexOutOfRange_ThrowsRenderError()
    {
        TemplateRenderException error = Assert.Throws<TemplateRenderException>(() => RenderSample("{{ index .Data.list .Data.version }}"));

        Assert.Equal("index out of range", error.Reason);
        Assert.Equal("index", error.Construct);
    }

    [Theory]
    [InlineData("{{ printf \"%s-%d-%v-%q\" \"a\" 5 true \"q\" }}", "a-5-true-\"q\"")]
    [InlineData("{{ printf \"%5.2f|%-5s|%05d|%x|%X|%t|%%\" 3.14159 \"ab\" 42 255 \"hi\" false }}", " 3.14|ab   |00042|ff|6869|false|%")]
    [InlineData("{{ printf \"%d\" }}", "%!d(MISSING)")]
    [InlineData("{{ printf \"%s\" \"a\" \"b\" }}", "a%!(EXTRA string=b)")]
    [InlineData("{{ printf \"%d\" \"x\" }}", "%!d(string=x)")]
    [InlineData("{{ printf \"%v\" .Data.m }}", "map[a:map[b:deep]]")]
    [InlineData("{{ printf \"%v %s\" .Data.list .Data.price }}", "[a b] 1.50")]
    [InlineData("{{ printf \"%d/%q\" .Data.version .Data.k }}", "4/\"v\"")]
    [InlineData("{{ printf \"%v\" nil }}", "<nil>")]
    [InlineData("{{ printf \"%s|%d\" .Data.missing nil }}", "%!s(<nil>)|%!d(<nil>)")]
    [InlineData("{{ printf \"%q\" \"tab\\there\\u0001\" }}", "\"tab\\there\\x01\"")]
    [InlineData("{{ printf \"%+d %e %g\" 5 1234.5678 0.000012 }}", "+5 1.234568e+03 1.2e-05")]
    [InlineData("{{ printf \"%2000000d|%c|%c|%q\" 7 65 55296 66 }}", "%!(BADWIDTH)7|A|\uFFFD|'B'")]
    public void Render_Printf_FormatsLikeGo(string template, string expected)
    {
        Assert.Equal(expected, RenderSample(template));
    }

    [Fact]
    public void Render_ToJson_IsCompactSortedAndHtmlEscaped()
    {
        Assert.Equal("{\"h\":\"\\u003ca\\u003e\\u0026'\",\"n\":1.50}", RenderSample("{{ dict | toJSON }}".Replace("dict", "(parseJSON \"{\\\"n\\\":1.50,\\\"h\\\":\\\"<a>&'\\\"}\")", StringComparison.Ordinal)));
        Assert.Equal("\"\\u003ca\\u003e\\u0026'\"", RenderSample("{{ .Data.html | toJSON }}"));
        Assert.Equal("[\"a\",\"b\"]", RenderSample("{{ .Data.list | toJSON }}"));
    }

    [Fact]
    public void Render_ToUnescapedJson_KeepsHtmlCharacters()
    {
        Assert.Equal("\"<a>&'\"", RenderSample("{{ .Data.html | toUnescapedJSON }}"));
    }

    [Fact]
    public void Render_ToJsonPretty_IndentsWithTwoSpaces()
    {
        string output = Render("{{ with secret \"kv/x\" }}{{ .Data | toJSONPretty }}{{ end }}",
            ("kv/x", TestSecrets.Data("{\"b\":[true,{}],\"a\":1,\"e\":[]}")));

        Assert.Equal("{\n  \"a\": 1,\n  \"b\": [\n    true,\n    {}\n  ],\n  \"e\": []\n}", output);
    }

    [Theory]
    [InlineData("{{ \"hello world\" | base64Encode }}", "aGVsbG8gd29ybGQ=")]
    [InlineData("{{ \"aGVsbG8gd29ybGQ=\" | base64Decode }}", "hello world")]
    [InlineData("{{ \"??>\" | base64URLEncode }}", "Pz8-")]
    [InlineData("{{ \"Pz8-\" | base64URLDecode }}", "??>")]
    [InlineData("{{ .Data.k | base64Encode | base64Decode }}", "v")]
    public void Render_Base64_EncodesAndDecodes(string template, string expected)
    {
        Assert.Equal(expected, RenderSample(template));
    }

    [Theory]
    [InlineData("{{ \"MiXed\" | toUpper }}", "MIXED")]
    [InlineData("{{ \"MiXed\" | toLower }}", "mixed")]
    [InlineData("[{{ .Data.padded | trimSpace }}]", "[x]")]
    [InlineData("{{ \"a,b,c\" | split \",\" | join \";\" }}", "a;b;c")]
    [InlineData("{{ range split \",\" \"x,y\" }}[{{ . }}]{{ end }}", "[x][y]")]
    [InlineData("{{ len (split \",\" \"   \") }}", "0")]
    [InlineData("{{ .Data.tags | join \"+\" }}", "dev+prod")]
    [InlineData("{{ \"foo.bar.baz\" | replaceAll \".\" \"_\" }}", "foo_bar_baz")]
    [InlineData("{{ if \"hello world\" | contains \"world\" }}y{{ else }}n{{ end }}", "y")]
    [InlineData("{{ if .Data.tags | contains \"prod\" }}y{{ else }}n{{ end }}", "y")]
    [InlineData("{{ if .Data.tags | contains \"pro\" }}y{{ else }}n{{ end }}", "n")]
    [InlineData("{{ in .Data.tags \"dev\" }}", "true")]
    [InlineData("{{ indent 2 \"a\\nb\\n\\nc\" }}", "  a\n  b\n\n  c")]
    [InlineData("{{ (parseJSON .Data.blob).inner }}", "v2")]
    [InlineData("{{ len \"h\u00e9llo\" }}|{{ len .Data.list }}|{{ len .Data.m }}", "6|2|1")]
    public void Render_StringAndListHelpers_FollowConsulTemplate(string template, string expected)
    {
        Assert.Equal(expected, RenderSample(template));
    }

    [Theory]
    [InlineData("{{ eq .Data.version 4 }}", "true")]
    [InlineData("{{ eq .Data.version \"4\" }}", "true")]
    [InlineData("{{ eq .Data.k \"x\" \"v\" }}", "true")]
    [InlineData("{{ eq .Data.missing nil }}", "true")]
    [InlineData("{{ eq .Data.k nil }}", "false")]
    [InlineData("{{ ne 1 2 }}", "true")]
    [InlineData("{{ lt 1 2 }}|{{ le 2 2 }}|{{ gt \"b\" \"a\" }}|{{ ge 1 2 }}", "true|true|true|false")]
    [InlineData("[{{ and 1 \"\" }}]|{{ or \"\" \"x\" }}|{{ not \"\" }}", "[]|x|true")]
    [InlineData("{{ and false (index .Data.s \"x\") }}", "false")]
    [InlineData("{{ or .Data.k (index .Data.s \"x\") }}", "v")]
    [InlineData("{{ 1 | and .Data.missing | printf \"%v\" }}", "<nil>")]
    [InlineData("{{ 0 | or \"\" }}", "0")]
    [InlineData("{{ print \"a\" 1 2 \"b\" }}", "a1 2b")]
    [InlineData("{{ println \"a\" 1 }}", "a 1\n")]
    public void Render_ComparisonAndLogic_FollowGo(string template, string expected)
    {
        Assert.Equal(expected, RenderSample(template));
    }

    [Fact]
    public void Render_Env_ReadsThroughInjectedLookup()
    {
        var environment = new Dictionary<string, string> { ["APP"] = "billing", ["EMPTY"] = "" };
        var options = new TemplateRenderOptions { EnvironmentLookup = name => environment.GetValueOrDefault(name) };

        string output = Render("{{ env \"APP\" }}|{{ env \"UNSET\" }}|{{ envOrDefault \"UNSET\" \"dflt\" }}|{{ envOrDefault \"EMPTY\" \"dflt\" }}", options);

        Assert.Equal("billing||dflt|", output);
    }

    [Fact]
    public void Render_EnvWithoutLookup_ReadsProcessEnvironment()
    {
        string expected = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;

        Assert.Equal(expected, Render("{{ env \"PATH\" }}"));
    }

    private static string RenderSample(string body) =>
        Render("{{ with secret \"kv/sample\" }}" + body + "{{ end }}", ("kv/sample", s_sample));
}
