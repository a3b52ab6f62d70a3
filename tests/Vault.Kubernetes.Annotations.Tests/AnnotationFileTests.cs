// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using Vault.Kubernetes.Annotations;

namespace Vault.Kubernetes.Annotations.Tests;

public sealed class AnnotationFileTests
{
    [Fact]
    public void Parse_KubeletDownwardApiFormat_DecodesQuotedValues()
    {
        // Written as the kubelet writes it: sorted keys, values quoted by Go's strconv.Quote.
        const string text = """
            kubernetes.io/config.seen="2026-11-26T08:00:00.000000000Z"
            vault.hashicorp.com/agent-inject="true"
            vault.hashicorp.com/agent-inject-template-db="{{- with secret \"database/creds/app\" -}}\nuser={{ .Data.username }}\n{{- end }}\n"
            vault.hashicorp.com/role="app"
            weird="tab\there \\ back \u00e9 \x41 \101 quote\" end"
            """;

        IReadOnlyDictionary<string, string> annotations = AnnotationFile.Parse(text, "/vault/podinfo/annotations");

        Assert.Equal(5, annotations.Count);
        Assert.Equal("app", annotations["vault.hashicorp.com/role"]);
        Assert.Equal("{{- with secret \"database/creds/app\" -}}\nuser={{ .Data.username }}\n{{- end }}\n", annotations["vault.hashicorp.com/agent-inject-template-db"]);
        Assert.Equal("tab\there \\ back é A A quote\" end", annotations["weird"]);
    }

    [Fact]
    public void Parse_EmptyValueAndBlankLines_AreAccepted()
    {
        IReadOnlyDictionary<string, string> annotations = AnnotationFile.Parse("\na=\"\"\r\n\n", "f");

        Assert.Equal(string.Empty, Assert.Single(annotations).Value);
    }

    [Theory]
    [InlineData("no-equals-sign", "f:2: expected key=\"value\"")]
    [InlineData("key=unquoted", "f:2: annotation key: the value is not a double-quoted string")]
    [InlineData("key=\"bad \\q escape\"", "f:2: annotation key: unknown escape \\q")]
    [InlineData("key=\"inner \" quote\"", "f:2: annotation key: unescaped quote")]
    [InlineData("key=\"trunc \\u12\"", "f:2: annotation key: bad \\u escape")]
    [InlineData("key=\"lone \\\"", "f:2: annotation key: the value ends with a lone backslash")]
    public void Parse_MalformedLine_FailsNamingFileLineAndKey(string line, string expected)
    {
        var ex = Assert.Throws<AgentConfigurationException>(() => AnnotationFile.Parse("good=\"1\"\n" + line, "f"));

        Assert.StartsWith(expected, Assert.Single(ex.Errors), StringComparison.Ordinal);
    }
}
