// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using Vault.Kubernetes.Templates;

namespace Vault.Kubernetes.Core.Tests.Templates;

/// <summary>consul-template's string, hash, regex and math helpers, with its argument orders and Go's output formats.</summary>
public sealed partial class VaultTemplateTests
{
    [Theory]
    [InlineData("{{ \"v1.2.3\" | trimPrefix \"v\" }}", "1.2.3")]
    [InlineData("{{ \"vv1\" | trimPrefix \"v\" }}|{{ \"x\" | trimPrefix \"y\" }}|{{ trimPrefix \"\" \"x\" }}", "v1|x|x")]
    [InlineData("{{ \"app.example.com\" | trimSuffix \".example.com\" }}", "app")]
    [InlineData("{{ \"a.b.b\" | trimSuffix \".b\" }}|{{ \"ab\" | trimSuffix \"ab\" }}|{{ trimSuffix \"z\" \"ab\" }}", "a.b||ab")]
    [InlineData("{{ .Data.k | trimPrefix \"v\" }}", "")]
    [InlineData("{{ \"hello wide-world foo_bar x.y\" | toTitle }}", "Hello Wide-World Foo_bar X.Y")]
    [InlineData("{{ \"mIxED cASE\" | toTitle }}", "MIxED CASE")]
    [InlineData("{{ \"\u00e9lan \u00fcber\u00a9x 1st\" | toTitle }}", "\u00c9lan \u00dcber\u00a9x 1st")]
    [InlineData("{{ \"hello\" | sha256Hex }}", "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824")]
    [InlineData("{{ \"h\u00e9llo\" | sha256Hex }}", "3c48591d8d098a4538f5e013dfcf406e948eac4d3277b10bf614e295d6068179")]
    [InlineData("{{ \"\" | sha256Hex }}", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")]
    [InlineData("{{ \"hello\" | md5sum }}", "5d41402abc4b2a76b9719d911017c592")]
    [InlineData("{{ \"h\u00e9llo\" | md5sum }}", "be50e8478cf24ff3595bc7307fb91b50")]
    public void Render_StringAndHashHelpers_FollowConsulTemplate(string template, string expected)
    {
        Assert.Equal(expected, RenderSample(template));
    }

    [Theory]
    [InlineData("{{ regexMatch \"^v[0-9]+$\" \"v12\" }}", "true")]
    [InlineData("{{ .Data.k | regexMatch \"^[a-z]$\" }}|{{ .Data.k | regexMatch \"^[0-9]$\" }}", "true|false")]
    [InlineData("{{ \"v12\\n\" | regexMatch \"^v[0-9]+$\" }}", "false")]
    [InlineData("{{ \"a\\nb\" | regexMatch \"(?m)^b$\" }}", "true")]
    [InlineData("{{ \"\u0661\" | regexMatch \"\\\\d\" }}|{{ \"\u0661\" | regexMatch \"\\\\pN\" }}", "false|true")]
    [InlineData("{{ \"abc\" | regexMatch \"[[:upper:]]\" }}|{{ \"aBc\" | regexMatch \"^[[:lower:]][[:upper:]]\" }}", "false|true")]
    [InlineData("{{ \"a]\" | regexMatch \"^a[]]$\" }}|{{ \"ab\" | regexMatch \"^a[^]]$\" }}", "true|true")]
    [InlineData("{{ \"2024-01-15\" | regexReplaceAll \"(\\\\d+)-(\\\\d+)-(\\\\d+)\" \"$3/$2/${1}\" }}", "15/01/2024")]
    [InlineData("{{ \"2024-01-15\" | regexReplaceAll \"(?P<y>\\\\d+)-(?P<m>\\\\d+)\" \"${m}.$y\" }}", "01.2024-15")]
    [InlineData("{{ \"xy\" | regexReplaceAll \"(?P<first>x)(y)\" \"$2$1\" }}", "yx")]
    [InlineData("{{ \"cost 5\" | regexReplaceAll \"(\\\\d+)\" \"$$$1\" }}", "cost $5")]
    [InlineData("{{ \"ab\" | regexReplaceAll \"(a)\" \"$1x|${1}x|$9|$!|${1\" }}", "|ax||$!|${1b")]
    [InlineData("{{ \"baaac\" | regexReplaceAll \"a*\" \"-\" }}", "-b-c-")]
    [InlineData("{{ \"a.b\" | regexReplaceAll \"\\\\Q.\\\\E\" \"_\" }}", "a_b")]
    [InlineData("{{ \"line\\n\" | regexReplaceAll \"$\" \"!\" }}", "line\n!")]
    public void Render_RegexHelpers_FollowGoRegexp(string template, string expected)
    {
        Assert.Equal(expected, RenderSample(template));
    }

    [Fact]
    public void Render_RegexCatastrophicPattern_RunsInLinearTime()
    {
        string input = new string('a', 5000) + "!";

        Assert.Equal("false", Render("{{ regexMatch \"^(a+)+$\" \"" + input + "\" }}"));
        Assert.Equal("x!", Render("{{ \"" + input + "\" | regexReplaceAll \"(a|aa)+\" \"x\" }}"));
    }

    [Theory]
    [InlineData("{{ add 2 3 }}|{{ 10 | subtract 3 }}|{{ subtract 3 10 }}|{{ multiply 4 5 }}", "5|7|7|20")]
    [InlineData("{{ 7 | divide 2 }}|{{ -7 | divide 2 }}|{{ 7 | modulo 3 }}|{{ -7 | modulo 3 }}", "3|-3|1|-1")]
    [InlineData("{{ 7.0 | divide 2 }}|{{ divide 4 2.0 }}|{{ multiply 1.5 2 }}|{{ add 0.1 0.2 }}", "3.5|0.5|3|0.30000000000000004")]
    [InlineData("{{ multiply 1e20 10 }}|{{ divide 3 1 }}|{{ divide 3.0 1 }}", "1e+21|0|0.3333333333333333")]
    [InlineData("{{ printf \"%d\" (add 1 2) }}|{{ printf \"%v\" (add 1 2.0) }}|{{ printf \"%d\" (add 1 2.0) }}", "3|3|%!d(float64=3)")]
    [InlineData("{{ minimum 2 3 }}|{{ maximum 2 3 }}|{{ minimum 2.5 3 }}|{{ maximum 2.5 3 }}", "2|3|2.5|3")]
    [InlineData("{{ printf \"%d\" (maximum 2.5 3) }}|{{ printf \"%d\" (minimum 2.0 3) }}", "3|%!d(float64=2)")]
    [InlineData("{{ .Data.version | add 1 }}|{{ .Data.price | multiply 2 }}|{{ .Data.version | modulo 3 }}", "5|3|1")]
    [InlineData("{{ add 1 9223372036854775807 }}|{{ modulo -1 5 }}", "-9223372036854775808|0")]
    [InlineData("{{ if gt (.Data.version | subtract 1) 2 }}y{{ end }}", "y")]
    public void Render_MathHelpers_KeepGoTypes(string template, string expected)
    {
        Assert.Equal(expected, RenderSample(template));
    }

    [Theory]
    [InlineData("{{ regexMatch \"(\" .Data.password }}", "regexMatch", "regexMatch: invalid regular expression \"(\"")]
    [InlineData("{{ .Data.password | regexReplaceAll \"(a)\\\\1\" \"x\" }}", "regexReplaceAll", "regexReplaceAll: invalid regular expression \"(a)\\\\1\"")]
    [InlineData("{{ .Data.password | regexMatch \"(?=s)\" }}", "regexMatch", "regexMatch: invalid regular expression \"(?=s)\"")]
    [InlineData("{{ .Data.password | regexMatch \"[[:nope:]]\" }}", "regexMatch", "regexMatch: invalid regular expression \"[[:nope:]]\"")]
    public void Render_InvalidRegex_NamesFunctionAndPatternButNotInput(string body, string construct, string reasonStart)
    {
        const string Secret = "s3cr3t-regex-input";
        var secret = new TemplateSecret(TestSecrets.Parse("{\"password\":\"" + Secret + "\"}"));
        var template = VaultTemplate.Parse("{{ with secret \"kv/x\" }}" + body + "{{ end }}", "re.tmpl");

        TemplateRenderException error = Assert.Throws<TemplateRenderException>(() => template.Render(Secrets(("kv/x", secret))));

        Assert.Equal(construct, error.Construct);
        Assert.StartsWith(reasonStart, error.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t", error.ToString(), StringComparison.Ordinal);
    }
}
