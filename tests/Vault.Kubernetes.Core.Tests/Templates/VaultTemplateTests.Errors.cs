// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using Moq;
using Vault.Kubernetes.Templates;

namespace Vault.Kubernetes.Core.Tests.Templates;

/// <summary>Parse errors point at the construct; render errors never carry secret values.</summary>
public sealed partial class VaultTemplateTests
{
    [Fact]
    public void Parse_UnknownFunction_ReportsLineColumnAndName()
    {
        TemplateParseException error = Assert.Throws<TemplateParseException>(() =>
            VaultTemplate.Parse("first line\nsecond {{ plugin \"x\" }}", "db.tmpl"));

        Assert.Equal("template \"db.tmpl\" line 2, column 11: unsupported function \"plugin\"", error.Message);
        Assert.Equal(("db.tmpl", 2, 11, "plugin"), (error.TemplateName, error.Line, error.Column, error.Construct));
    }

    [Theory]
    [InlineData("{{ template \"x\" }}", 1, 4, "template")]
    [InlineData("a\nb\n  {{- define \"x\" }}y{{ end }}", 3, 7, "define")]
    [InlineData("{{ block \"x\" . }}y{{ end }}", 1, 4, "block")]
    [InlineData("{{ with pkiCert \"pki/issue/web\" }}{{ end }}", 1, 9, "pkiCert")]
    [InlineData("{{ \"a\" | sprig_upper }}", 1, 10, "sprig_upper")]
    [InlineData("{{ .Data.cert | writeToFile \"/x\" \"u\" \"g\" \"0600\" }}", 1, 17, "writeToFile")]
    [InlineData("{{ timestamp }}", 1, 4, "timestamp")]
    public void Parse_UnsupportedConstruct_FailsWithPosition(string text, int line, int column, string construct)
    {
        TemplateParseException error = Assert.Throws<TemplateParseException>(() => VaultTemplate.Parse(text, "t.tmpl"));

        Assert.Equal((line, column, construct), (error.Line, error.Column, error.Construct));
        Assert.StartsWith($"template \"t.tmpl\" line {line}, column {column}: unsupported ", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("abc\n  {{ .Data ", 2, 3, "{{", "unclosed action")]
    [InlineData("{{ with secret \"a\" }}\n{{ if true }}x{{ end }}", 1, 4, "with", "missing end for \"with\"")]
    [InlineData("{{ range $i := 3 }}x", 1, 4, "range", "missing end for \"range\"")]
    [InlineData("{{ if 1 }}a{{ else }}b", 1, 4, "if", "missing end for \"if\"")]
    [InlineData("x {{ end }}", 1, 6, "end", "unexpected \"end\" without a matching if, with or range")]
    [InlineData("{{ else }}", 1, 4, "else", "unexpected \"else\" without a matching if, with or range")]
    [InlineData("{{ if 1 }}a{{ else }}b{{ else }}c{{ end }}", 1, 26, "else", "expected end; found \"else\" (only one else per \"if\")")]
    [InlineData("{{ $nope }}", 1, 4, "$nope", "undefined variable \"$nope\"")]
    [InlineData("{{ toUpper \"a\" \"b\" }}", 1, 4, "toUpper", "wrong number of arguments for \"toUpper\": want 1, got 2")]
    [InlineData("{{ \"a\" | split }}", 1, 10, "split", "wrong number of arguments for \"split\": want 2, got 1")]
    [InlineData("{{ printf }}", 1, 4, "printf", "wrong number of arguments for \"printf\": want at least 1, got 0")]
    [InlineData("{{ add 1 }}", 1, 4, "add", "wrong number of arguments for \"add\": want 2, got 1")]
    [InlineData("{{ \"a\" | regexReplaceAll \"x\" }}", 1, 10, "regexReplaceAll", "wrong number of arguments for \"regexReplaceAll\": want 3, got 2")]
    [InlineData("{{ \"a\" | toTitle \"b\" }}", 1, 10, "toTitle", "wrong number of arguments for \"toTitle\": want 1, got 2")]
    [InlineData("{{ sha256Hex }}", 1, 4, "sha256Hex", "wrong number of arguments for \"sha256Hex\": want 1, got 0")]
    [InlineData("{{ \"a\" | .Field }}", 1, 10, ".Field", "cannot pipe a value into \".Field\": it is not a function")]
    [InlineData("{{ .Data \"x\" }}", 1, 10, ".Data", "cannot give arguments to \".Data\": it is not a function")]
    [InlineData("{{ break }}", 1, 4, "break", "\"break\" outside of range")]
    [InlineData("{{ \"abc }}", 1, 4, "string", "unterminated quoted string")]
    [InlineData("{{ nil }}", 1, 4, "nil", "nil is not a command")]
    [InlineData("{{ if nil }}{{ end }}", 1, 7, "nil", "nil is not a command")]
    [InlineData("{{ secret \"pki/issue/x\" \"novalue\" }}", 1, 4, "secret", "secret: argument 2 is not a \"key=value\" pair")]
    [InlineData("{{/* open", 1, 3, "comment", "unclosed comment")]
    [InlineData("{{ (toUpper \"a\" }}", 1, 4, "(", "unclosed left parenthesis")]
    [InlineData("{{ .a ; }}", 1, 7, ";", "unexpected character \";\" in action")]
    [InlineData("{{ }}", 1, 1, "action", "missing value for command")]
    [InlineData("{{ 12abc }}", 1, 4, "12abc", "bad number syntax: \"12abc\"")]
    [InlineData("{{ if 1 }}{{ end 1 }}", 1, 18, "end", "unexpected \"1\" in end")]
    [InlineData("{{ len secret }}", 1, 8, "secret", "function \"secret\" needs arguments here; wrap the call in parentheses")]
    [InlineData("{{ if 1 }}{{ $x := 1 }}{{ else }}{{ $x }}{{ end }}", 1, 37, "$x", "undefined variable \"$x\"")]
    [InlineData("{{ range 1 }}{{ $x := 1 }}{{ else }}{{ $x }}{{ end }}", 1, 40, "$x", "undefined variable \"$x\"")]
    [InlineData("{{ $a, $b := 1 }}", 1, 4, "command", "too many declarations in command")]
    public void Parse_InvalidTemplate_ReportsExactPosition(string text, int line, int column, string construct, string reason)
    {
        TemplateParseException error = Assert.Throws<TemplateParseException>(() => VaultTemplate.Parse(text));

        Assert.Equal((line, column, construct, reason), (error.Line, error.Column, error.Construct, error.Reason));
        Assert.Equal($"template \"inline\" line {line}, column {column}: {reason}", error.Message);
    }

    [Fact]
    public void Parse_HostileNesting_FailsInsteadOfOverflowingTheStack()
    {
        string parentheses = string.Concat(Enumerable.Repeat("(", 5000)) + "1" + string.Concat(Enumerable.Repeat(")", 5000));
        string branches = string.Concat(Enumerable.Repeat("{{ if 1 }}", 5000)) + string.Concat(Enumerable.Repeat("{{ end }}", 5000));

        Assert.Equal("nesting deeper than 200 levels", Assert.Throws<TemplateParseException>(() => VaultTemplate.Parse("{{ " + parentheses + " }}")).Reason);
        Assert.Equal("nesting deeper than 200 levels", Assert.Throws<TemplateParseException>(() => VaultTemplate.Parse(branches)).Reason);
        Assert.Equal("1", Render("{{ " + string.Concat(Enumerable.Repeat("(", 150)) + "1" + string.Concat(Enumerable.Repeat(")", 150)) + " }}"));
    }

    [Fact]
    public async Task PublicBoundary_NullOrInvalidArguments_Throw()
    {
        var template = VaultTemplate.Parse("x");

        Assert.Throws<ArgumentNullException>(() => VaultTemplate.Parse(null!));
        Assert.Throws<ArgumentNullException>(() => VaultTemplate.Parse("x", (TemplateParseOptions)null!));
        Assert.Throws<ArgumentNullException>(() => template.Render(null!));
        await Assert.ThrowsAsync<ArgumentNullException>(async () => await template.RenderAsync(null!, cancellationToken: TestContext.Current.CancellationToken));
        Assert.Throws<ArgumentException>(() => VaultTemplate.Parse("x", new TemplateParseOptions { LeftDelimiter = "" }));
        Assert.Throws<ArgumentException>(() => VaultTemplate.Parse("x", new TemplateParseOptions { RightDelimiter = "} }" }));
        Assert.Throws<ArgumentException>(() => VaultTemplate.CreateInjectorDefault(" "));
        Assert.Throws<ArgumentOutOfRangeException>(() => VaultTemplate.CreateInjectorDefault("kv/x", (InjectorDefaultFormat)7));
    }

    [Fact]
    public async Task RenderAsync_SourceReturnsNull_ThrowsInvalidOperation()
    {
        var source = new Mock<ITemplateSecretSource>();
        source.Setup(s => s.GetSecretAsync(It.IsAny<TemplateSecretRequest>(), It.IsAny<CancellationToken>())).Returns(ValueTask.FromResult<TemplateSecret>(null!));
        var template = VaultTemplate.Parse("{{ with secret \"kv/x\" }}{{ end }}");

        InvalidOperationException error = await Assert.ThrowsAsync<InvalidOperationException>(
            async () => await template.RenderAsync(source.Object, cancellationToken: TestContext.Current.CancellationToken));

        Assert.Contains("kv/x", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_NoName_UsesInline()
    {
        Assert.Equal("inline", VaultTemplate.Parse("x").Name);
        Assert.Equal("inline", VaultTemplate.Parse("x", new TemplateParseOptions()).Name);
    }

    [Fact]
    public void TryParse_InvalidTemplate_ReturnsErrorWithoutThrowing()
    {
        bool parsed = VaultTemplate.TryParse("{{ plugin }}", "p.tmpl", out VaultTemplate? template, out TemplateParseException? error);

        Assert.False(parsed);
        Assert.Null(template);
        Assert.Equal("plugin", error!.Construct);
    }

    [Fact]
    public void TryParse_ValidTemplate_ReturnsTemplate()
    {
        bool parsed = VaultTemplate.TryParse("{{ 1 }}", "ok.tmpl", out VaultTemplate? template, out TemplateParseException? error);

        Assert.True(parsed);
        Assert.Null(error);
        Assert.Equal("ok.tmpl", template!.Name);
    }

    [Theory]
    [InlineData("{{ .Data.password | base64Decode }}", 1, 21, "base64Decode", "base64Decode: the input is not valid base64")]
    [InlineData("{{ index .Data.password \"x\" }}", 1, 4, "index", "index: a list index must be an integer, got string")]
    [InlineData("\n {{ .Data.password.inner }}", 2, 5, ".Data.password.inner", "can't evaluate field \"inner\" in a value of type string")]
    [InlineData("{{ .Data.missing.inner }}", 1, 4, ".Data.missing.inner", "can't evaluate field \"inner\" of a nil value (a missing key or secret data?)")]
    [InlineData("{{ parseJSON .Data.password }}", 1, 4, "parseJSON", "parseJSON: the input is not valid JSON")]
    [InlineData("{{ .Data.password | toJSONPretty }}", 1, 21, "toJSONPretty", "toJSONPretty: the argument must be a map, got string")]
    [InlineData("{{ lt .Data.password 3 }}", 1, 4, "lt", "lt: incompatible types for comparison (string and int)")]
    [InlineData("{{ range .Data.password }}{{ end }}", 1, 4, "range", "range can't iterate over a value of type string")]
    [InlineData("{{ .Data.list | toUpper }}", 1, 17, "toUpper", "toUpper: argument 1 must be a string, got array")]
    [InlineData("{{ .Nope }}", 1, 4, ".Nope", "a secret has no field \"Nope\"")]
    [InlineData("{{ indent -1 .Data.password }}", 1, 4, "indent", "indent: the number of spaces must not be negative")]
    [InlineData("{{ .Data.password | add 1 }}", 1, 21, "add", "add: argument 2 must be a number, got string")]
    [InlineData("{{ maximum .Data.password 1 }}", 1, 4, "maximum", "maximum: argument 1 must be a number, got string")]
    [InlineData("{{ divide 0 3 }}|{{ .Data.password }}", 1, 4, "divide", "divide: division by zero")]
    [InlineData("{{ divide 0.0 3.5 }}", 1, 4, "divide", "divide: division by zero")]
    [InlineData("{{ modulo 0 3 }}", 1, 4, "modulo", "modulo: division by zero")]
    [InlineData("{{ modulo 2 1.5 }}", 1, 4, "modulo", "modulo: argument 2 must be an integer, got float64")]
    [InlineData("{{ multiply true 2 }}", 1, 4, "multiply", "multiply: argument 1 must be a number, got bool")]
    [InlineData("{{ .Data.list | sha256Hex }}", 1, 17, "sha256Hex", "sha256Hex: argument 1 must be a string, got array")]
    [InlineData("{{ .Data.list | md5sum }}", 1, 17, "md5sum", "md5sum: argument 1 must be a string, got array")]
    [InlineData("{{ .Data.list | trimPrefix \"x\" }}", 1, 17, "trimPrefix", "trimPrefix: argument 2 must be a string, got array")]
    [InlineData("{{ trimSuffix .Data.list .Data.password }}", 1, 4, "trimSuffix", "trimSuffix: argument 1 must be a string, got array")]
    [InlineData("{{ .Data.list | toTitle }}", 1, 17, "toTitle", "toTitle: argument 1 must be a string, got array")]
    [InlineData("{{ .Data.password | regexMatch .Data.list }}", 1, 21, "regexMatch", "regexMatch: argument 1 must be a string, got array")]
    [InlineData("{{ .Data.list | regexReplaceAll \"a\" \"b\" }}", 1, 17, "regexReplaceAll", "regexReplaceAll: argument 3 must be a string, got array")]
    public void Render_FailingConstruct_ThrowsWithoutSecretValue(string body, int line, int column, string construct, string reason)
    {
        const string Secret = "{s3cr3t-not-base64!}";
        var secret = new TemplateSecret(TestSecrets.Parse("{\"password\":\"" + Secret + "\",\"list\":[\"" + Secret + "\"]}"));
        var template = VaultTemplate.Parse("{{ with secret \"kv/x\" }}\n" + body + "{{ end }}", "creds.tmpl");

        TemplateRenderException error = Assert.Throws<TemplateRenderException>(() => template.Render(Secrets(("kv/x", secret))));

        // The body starts on line 2 of the template.
        Assert.Equal((line + 1, column, construct, reason), (error.Line, error.Column, error.Construct, error.Reason));
        Assert.Equal($"template \"creds.tmpl\" line {line + 1}, column {column}: {reason}", error.Message);
        Assert.DoesNotContain(Secret, error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t", error.ToString(), StringComparison.Ordinal);
        Assert.Null(error.InnerException);
    }
}
