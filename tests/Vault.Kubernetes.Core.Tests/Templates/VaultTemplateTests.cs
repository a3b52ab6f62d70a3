// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using Vault.Kubernetes.Templates;

namespace Vault.Kubernetes.Core.Tests.Templates;

/// <summary>Rendering of the constructs real Vault Agent templates use.</summary>
public sealed partial class VaultTemplateTests
{
    private const string AppPath = "secret/data/app";
    private const string DbPath = "database/creds/readonly";

    [Fact]
    public void Render_PlainText_PassesThroughUnchanged()
    {
        Assert.Equal("no actions here\n{ single } braces", Render("no actions here\n{ single } braces"));
    }

    [Fact]
    public void Render_KvV2Field_ReadsDataData()
    {
        string output = Render("{{ with secret \"secret/data/app\" }}{{ .Data.data.password }}{{ end }}", (AppPath, TestSecrets.AppKvV2()));

        Assert.Equal(TestSecrets.KvPassword, output);
    }

    [Fact]
    public void Render_KvV2Metadata_ReadsVersion()
    {
        string output = Render("{{ with secret \"secret/data/app\" }}v{{ .Data.metadata.version }} {{ .Data.metadata.custom_metadata.owner }}{{ end }}",
            (AppPath, TestSecrets.KvV2("{}", version: 7)));

        Assert.Equal("v7 team-a", output);
    }

    [Fact]
    public void Render_DynamicSecret_ExposesDataAndLeaseFields()
    {
        string output = Render(
            "{{ with secret \"database/creds/readonly\" }}{{ .Data.username }} {{ .LeaseID }} {{ .LeaseDuration }} {{ .Renewable }} {{ .RequestID }}{{ end }}",
            (DbPath, TestSecrets.DatabaseCreds()));

        Assert.Equal("v-k8s-readonly-Ab12Cd34 database/creds/readonly/Xq3Zp9LkT2wB7cVn4sRm8HjD 3600 true req-1", output);
    }

    [Fact]
    public void Render_PostgresConnectionStringTemplate_RendersOneLine()
    {
        const string Template = """
            {{- with secret "database/creds/readonly" -}}
            postgresql://{{ .Data.username }}:{{ .Data.password }}@postgres:5432/wizard
            {{- end }}
            """;

        string output = Render(Template, (DbPath, TestSecrets.DatabaseCreds()));

        Assert.Equal($"postgresql://v-k8s-readonly-Ab12Cd34:{TestSecrets.DbPassword}@postgres:5432/wizard", output);
    }

    [Fact]
    public void Render_ExportRangeOverKvV2Data_WritesSortedExportLines()
    {
        const string Template = "{{ with secret \"kv/data/app\" }}{{ range $k, $v := .Data.data }}export {{ $k }}=\"{{ $v }}\"\n{{ end }}{{ end }}";
        TemplateSecret secret = TestSecrets.KvV2("{\"ZETA\":\"z\",\"API_KEY\":\"k1\",\"DB_HOST\":\"db\"}");

        string output = Render(Template, ("kv/data/app", secret));

        Assert.Equal("export API_KEY=\"k1\"\nexport DB_HOST=\"db\"\nexport ZETA=\"z\"\n", output);
    }

    [Fact]
    public void Render_InjectorDefaultMapTemplate_PrintsGoMaps()
    {
        const string Template = "{{ with secret \"secret/data/app\" }}{{ range $k, $v := .Data }}{{ $k }}: {{ $v }}\n{{ end }}{{ end }}";

        string output = Render(Template, (AppPath, TestSecrets.KvV2("{\"username\":\"svc\",\"password\":\"pw\",\"none\":null}")));

        Assert.Equal(
            "data: map[none:<nil> password:pw username:svc]\n" +
            "metadata: map[created_time:2025-03-01T10:00:00.123456789Z custom_metadata:map[owner:team-a] deletion_time: destroyed:false version:4]\n",
            output);
    }

    [Fact]
    public void CreateInjectorDefault_Map_WritesKeyValueLinesOfData()
    {
        var template = VaultTemplate.CreateInjectorDefault("database/creds/readonly");

        string output = template.Render(Secrets((DbPath, TestSecrets.DatabaseCreds())));

        Assert.Equal($"password: {TestSecrets.DbPassword}\nusername: v-k8s-readonly-Ab12Cd34\n", output);
        Assert.Equal([new TemplateSecretRequest(DbPath)], template.Dependencies);
    }

    [Fact]
    public void CreateInjectorDefault_Json_WritesDataAsJsonLine()
    {
        var template = VaultTemplate.CreateInjectorDefault("secret/data/app", InjectorDefaultFormat.Json, "app");

        string output = template.Render(Secrets((AppPath, TestSecrets.KvV2("{\"b\":\"2\",\"a\":\"1\"}", version: 2))));

        Assert.Equal(
            "{\"data\":{\"a\":\"1\",\"b\":\"2\"},\"metadata\":{\"created_time\":\"2025-03-01T10:00:00.123456789Z\",\"custom_metadata\":{\"owner\":\"team-a\"},\"deletion_time\":\"\",\"destroyed\":false,\"version\":2}}\n",
            output);
        Assert.Equal("app", template.Name);
    }

    [Fact]
    public void Render_DataAsJson_WritesSortedCompactJson()
    {
        string output = Render("{{ with secret \"kv/data/app\" }}{{ .Data.data | toJSON }}{{ end }}",
            ("kv/data/app", TestSecrets.KvV2("{\"b\":\"x\",\"a\":1.50,\"c\":[true,null]}")));

        Assert.Equal("{\"a\":1.50,\"b\":\"x\",\"c\":[true,null]}", output);
    }

    [Fact]
    public void Render_RangeOverMap_IteratesInSortedKeyOrder()
    {
        string output = Render("{{ with secret \"kv/x\" }}{{ range .Data }}{{ . }},{{ end }}{{ end }}",
            ("kv/x", TestSecrets.Data("{\"b\":\"2\",\"c\":\"3\",\"a\":\"1\",\"B\":\"0\"}")));

        Assert.Equal("0,1,2,3,", output);
    }

    [Fact]
    public void Render_RangeOverArrayWithIndex_BindsIndexAndElement()
    {
        string output = Render("{{ with secret \"kv/x\" }}{{ range $i, $e := .Data.list }}{{ $i }}={{ $e }};{{ end }}{{ end }}",
            ("kv/x", TestSecrets.Data("{\"list\":[\"a\",\"b\",3]}")));

        Assert.Equal("0=a;1=b;2=3;", output);
    }

    [Fact]
    public void Render_RangeOverEmptyOrMissing_RunsElse()
    {
        const string Template = "{{ with secret \"kv/x\" }}{{ range .Data.list }}item{{ else }}empty{{ end }}|{{ range .Data.nope }}item{{ else }}none{{ end }}{{ end }}";

        Assert.Equal("empty|none", Render(Template, ("kv/x", TestSecrets.Data("{\"list\":[]}"))));
    }

    [Fact]
    public void Render_RangeVariablesInElse_AreNil()
    {
        Assert.Equal("<no value>", Render("{{ range $i, $e := split \",\" \"\" }}x{{ else }}{{ $e }}{{ end }}"));
    }

    [Fact]
    public void Render_BreakAndContinue_ControlTheLoop()
    {
        const string Template = "{{ with secret \"kv/x\" }}{{ range .Data.list }}{{ if eq . \"skip\" }}{{ continue }}{{ end }}{{ if eq . \"stop\" }}{{ break }}{{ end }}{{ . }}{{ end }}{{ end }}";

        Assert.Equal("ac", Render(Template, ("kv/x", TestSecrets.Data("{\"list\":[\"a\",\"skip\",\"c\",\"stop\",\"d\"]}"))));
    }

    [Fact]
    public void Render_RangeOverInteger_CountsFromZero()
    {
        Assert.Equal("012", Render("{{ range 3 }}{{ . }}{{ end }}"));
    }

    [Fact]
    public void Render_RangeOverHugeInteger_FailsInsteadOfExhaustingMemory()
    {
        TemplateRenderException error = Assert.Throws<TemplateRenderException>(() => Render("{{ range 1000000000000 }}{{ end }}"));

        Assert.Equal("range over an integer above 1000000", error.Reason);
    }

    [Fact]
    public void Render_NestedWithAndRange_UsesInnerDot()
    {
        const string Template = """
            {{- with secret "kv/x" }}
            {{- range .Data.users }}
            {{- with .name }}{{ . }}{{ else }}anonymous{{ end }}:{{ range .roles }}[{{ . }}]{{ end }}
            {{ end }}
            {{- end }}
            """;
        TemplateSecret secret = TestSecrets.Data("{\"users\":[{\"name\":\"ann\",\"roles\":[\"r\",\"w\"]},{\"name\":\"\",\"roles\":[]}]}");

        Assert.Equal("ann:[r][w]\nanonymous:\n", Render(Template, ("kv/x", secret)));
    }

    [Fact]
    public void Render_WithOnMissingKey_SkipsBlockOrRunsElse()
    {
        string output = Render("{{ with secret \"kv/x\" }}{{ with .Data.missing }}yes{{ else }}no{{ end }}{{ with .Data.present }}[{{ . }}]{{ end }}{{ end }}",
            ("kv/x", TestSecrets.Data("{\"present\":\"here\"}")));

        Assert.Equal("no[here]", output);
    }

    [Theory]
    [InlineData("false", "F")]
    [InlineData("true", "T")]
    [InlineData("0", "T")]
    [InlineData("\"\"", "F")]
    [InlineData("\"0\"", "T")]
    [InlineData("{}", "F")]
    [InlineData("{\"a\":1}", "T")]
    [InlineData("[]", "F")]
    [InlineData("[0]", "T")]
    [InlineData("null", "F")]
    public void Render_IfTruthiness_FollowsGo(string json, string expected)
    {
        // JSON numbers are json.Number (a non-empty string) in Go, so even 0 from secret data is true.
        string output = Render("{{ with secret \"kv/x\" }}{{ if .Data.v }}T{{ else }}F{{ end }}{{ end }}",
            ("kv/x", TestSecrets.Data("{\"v\":" + json + "}")));

        Assert.Equal(expected, output);
    }

    [Theory]
    [InlineData("{{ if 0 }}T{{ else }}F{{ end }}", "F")]
    [InlineData("{{ if 1 }}T{{ else }}F{{ end }}", "T")]
    [InlineData("{{ if \"\" }}T{{ else }}F{{ end }}", "F")]
    [InlineData("{{ if 0.0 }}T{{ else }}F{{ end }}", "F")]
    public void Render_IfOnLiterals_FollowsGo(string template, string expected)
    {
        Assert.Equal(expected, Render(template));
    }

    [Theory]
    [InlineData("1", "one")]
    [InlineData("2", "two")]
    [InlineData("3", "many")]
    public void Render_ElseIfChain_PicksFirstTrueBranch(string value, string expected)
    {
        const string Template = "{{ $v := env \"N\" }}{{ if eq $v \"1\" }}one{{ else if eq $v \"2\" }}two{{ else }}many{{ end }}";

        Assert.Equal(expected, Render(Template, options: new TemplateRenderOptions { EnvironmentLookup = _ => value }));
    }

    [Fact]
    public void Render_ElseWith_RunsWhenFirstWithIsEmpty()
    {
        Assert.Equal("fallback", Render("{{ with \"\" }}first{{ else with \"fallback\" }}{{ . }}{{ else }}none{{ end }}"));
    }

    [Fact]
    public void Render_MissingKey_PrintsNoValue()
    {
        Assert.Equal("[<no value>]", Render("{{ with secret \"kv/x\" }}[{{ .Data.missing }}]{{ end }}", ("kv/x", TestSecrets.Data("{\"a\":\"b\"}"))));
    }

    [Fact]
    public void Render_NullValue_PrintsNoValue()
    {
        Assert.Equal("[<no value>]", Render("{{ with secret \"kv/x\" }}[{{ .Data.a }}]{{ end }}", ("kv/x", TestSecrets.Data("{\"a\":null}"))));
    }

    [Fact]
    public void Render_MissingKeyWithErrorOnMissingKey_Throws()
    {
        TemplateRenderException error = Assert.Throws<TemplateRenderException>(() =>
            Render("{{ with secret \"kv/x\" }}\n  {{ .Data.missing }}{{ end }}", new TemplateRenderOptions { ErrorOnMissingKey = true }, ("kv/x", TestSecrets.Data("{\"a\":\"b\"}"))));

        Assert.Equal(2, error.Line);
        Assert.Equal(6, error.Column);
        Assert.Equal(".Data.missing", error.Construct);
        Assert.Contains("map has no entry for key \"missing\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_Variables_DeclareAssignAndRoot()
    {
        const string Template = "{{ $x := \"a\" }}{{ $x }}{{ range $i, $e := split \",\" \"b,c\" }}{{ $x = $e }}{{ end }}{{ $x }}{{ with secret \"kv/x\" }}{{ $s := . }}{{ $s.Data.k }}{{ end }}";

        Assert.Equal("acv", Render(Template, ("kv/x", TestSecrets.Data("{\"k\":\"v\"}"))));
    }

    [Fact]
    public void Render_VariableDeclaredInWith_IsScopedToTheBlock()
    {
        Assert.Equal("inner", Render("{{ with $v := \"inner\" }}{{ $v }}{{ end }}"));
        Assert.Throws<TemplateParseException>(() => VaultTemplate.Parse("{{ with $v := \"inner\" }}{{ end }}{{ $v }}"));
    }

    [Fact]
    public void Render_DollarAtTopLevel_IsNil()
    {
        Assert.Equal("<no value>", Render("{{ $ }}"));
    }

    [Fact]
    public void Render_Pipeline_PassesValueAsLastArgument()
    {
        string output = Render("{{ with secret \"kv/x\" }}{{ .Data.user | toUpper | printf \"%s!\" }}{{ end }}", ("kv/x", TestSecrets.Data("{\"user\":\"ann\"}")));

        Assert.Equal("ANN!", output);
    }

    [Fact]
    public void Render_ParenthesizedSecretWithField_ReadsData()
    {
        Assert.Equal("svc", Render("{{ (secret \"secret/data/app\").Data.data.username }}", (AppPath, TestSecrets.AppKvV2())));
    }

    [Fact]
    public void Render_DeclaredSecretVariable_ReadsFieldsThroughVariable()
    {
        Assert.Equal("svc", Render("{{ $s := secret \"secret/data/app\" }}{{ $s.Data.data.username }}", (AppPath, TestSecrets.AppKvV2())));
    }

    [Theory]
    [InlineData("a  {{- 1 -}}  b", "a1b")]
    [InlineData("a \n\t {{- 1 }} \n b", "a1 \n b")]
    [InlineData("a {{ 1 -}} \n\n b", "a 1b")]
    [InlineData("a {{ 1 }} b", "a 1 b")]
    [InlineData("{{-3}}", "-3")]
    [InlineData("{{ 3 -}}\n{{- 4 }}", "34")]
    [InlineData("x\n{{- if true }}\n  y\n{{- end }}\n", "x\n  y\n")]
    public void Render_TrimMarkers_RemoveAdjacentWhitespace(string template, string expected)
    {
        Assert.Equal(expected, Render(template));
    }

    [Fact]
    public void Render_Comments_ProduceNothing()
    {
        Assert.Equal("ab", Render("a{{/* a comment\nover lines */}}b"));
        Assert.Equal("ab", Render("a  {{- /* trimmed */ -}}  \n b"));
    }

    [Fact]
    public void Render_StringLiterals_DecodeEscapesAndRawStrings()
    {
        Assert.Equal("a\tb\n\u00e9\"\\ A", Render("{{ \"a\\tb\\n\\u00e9\\\"\\\\ \\x41\" }}"));
        Assert.Equal("raw \\n {{ x }}", Render("{{ `raw \\n {{ x }}` }}"));
        Assert.Equal("65", Render("{{ 'A' }}"));
    }

    [Theory]
    [InlineData("{{ 42 }}", "42")]
    [InlineData("{{ -7 }}", "-7")]
    [InlineData("{{ 0x1F }}", "31")]
    [InlineData("{{ 1_000 }}", "1000")]
    [InlineData("{{ 1.5 }}", "1.5")]
    [InlineData("{{ 1e3 }}", "1000")]
    [InlineData("{{ true }}", "true")]
    public void Render_NumberAndBoolLiterals_PrintLikeGo(string template, string expected)
    {
        Assert.Equal(expected, Render(template));
    }

    [Fact]
    public void Render_CustomDelimiters_AreHonoured()
    {
        var template = VaultTemplate.Parse("[[ with secret \"secret/data/app\" ]]{{ literal }}[[ .Data.data.username ]][[ end ]]",
            new TemplateParseOptions { Name = "t", LeftDelimiter = "[[", RightDelimiter = "]]" });

        string output = template.Render(Secrets((AppPath, TestSecrets.AppKvV2())));

        Assert.Equal("{{ literal }}svc", output);
    }

    [Fact]
    public void Render_SameTemplateTwice_RendersEachSecretSetIndependently()
    {
        var template = VaultTemplate.Parse("{{ with secret \"kv/x\" }}{{ .Data.v }}{{ end }}");

        Assert.Equal("1", template.Render(Secrets(("kv/x", TestSecrets.Data("{\"v\":\"1\"}")))));
        Assert.Equal("2", template.Render(Secrets(("kv/x", TestSecrets.Data("{\"v\":\"2\"}")))));
    }

    [Fact]
    public void Render_SharedTemplateOnManyThreads_GivesEachCallerItsOwnOutput()
    {
        var template = VaultTemplate.Parse("{{ with secret \"kv/x\" }}{{ range $k, $v := .Data }}{{ $k }}={{ $v }};{{ end }}{{ end }}");
        string[] outputs = new string[32];

        Parallel.For(0, outputs.Length, i =>
            outputs[i] = template.Render(Secrets(("kv/x", TestSecrets.Data("{\"n\":\"" + i + "\",\"a\":\"x\"}")))));

        Assert.All(Enumerable.Range(0, outputs.Length), i => Assert.Equal($"a=x;n={i};", outputs[i]));
    }

    [Fact]
    public void Render_SecretMissingFromDictionary_ThrowsNamingThePath()
    {
        var template = VaultTemplate.Parse("x\n {{ with secret \"kv/missing\" }}{{ end }}", "app.tmpl");

        TemplateRenderException error = Assert.Throws<TemplateRenderException>(() => template.Render(Secrets()));

        Assert.Equal("template \"app.tmpl\" line 2, column 10: secret \"kv/missing\" was not provided", error.Message);
        Assert.Equal("secret", error.Construct);
    }

    [Fact]
    public void Render_AuthAndWrapInfo_AreEmpty()
    {
        Assert.Equal("-", Render("{{ with secret \"kv/x\" }}{{ with .Auth }}auth{{ end }}-{{ with .WrapInfo }}wrap{{ end }}{{ end }}", ("kv/x", TestSecrets.Data("{}"))));
    }

    [Fact]
    public void Render_Warnings_RangesOverVaultWarnings()
    {
        var secret = new TemplateSecret(TestSecrets.Parse("{}")) { Warnings = ["w1", "w2"] };

        Assert.Equal("w1;w2;", Render("{{ with secret \"kv/x\" }}{{ range .Warnings }}{{ . }};{{ end }}{{ end }}", ("kv/x", secret)));
    }

    internal static Dictionary<TemplateSecretRequest, TemplateSecret> Secrets(params (string Path, TemplateSecret Secret)[] secrets) =>
        secrets.ToDictionary(s => new TemplateSecretRequest(s.Path), s => s.Secret);

    private static string Render(string text, params (string Path, TemplateSecret Secret)[] secrets) => Render(text, null, secrets);

    private static string Render(string text, TemplateRenderOptions? options, params (string Path, TemplateSecret Secret)[] secrets) =>
        VaultTemplate.Parse(text, "test.tmpl").Render(Secrets(secrets), options);
}
