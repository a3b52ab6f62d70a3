// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using Vault.Kubernetes.Templates;

namespace Vault.Kubernetes.Core.Tests.Templates;

public sealed class TemplateSecretRequestTests
{
    [Theory]
    [InlineData("secret/app", "secret/", "secret/data/app")]
    [InlineData("secret/app", "secret", "secret/data/app")]
    [InlineData("secret/team/app", "secret/", "secret/data/team/app")]
    [InlineData("kv/team-a/app", "kv/team-a/", "kv/team-a/data/app")]
    [InlineData("secret/app?version=2", "secret/", "secret/data/app?version=2")]
    [InlineData("secret/data/app", "secret/", "secret/data/app")]
    [InlineData("secret/data/app?version=1", "secret/", "secret/data/app?version=1")]
    [InlineData("secret/metadata/app", "secret/", "secret/metadata/app")]
    [InlineData("secret/subkeys/app", "secret/", "secret/subkeys/app")]
    [InlineData("secret", "secret/", "secret/data")]
    [InlineData("secret/database", "secret/", "secret/data/database")]
    public void ForKvV2Mount_Read_RewritesLikeConsulTemplate(string path, string mount, string expected)
    {
        Assert.Equal(expected, new TemplateSecretRequest(path).ForKvV2Mount(mount).Path);
    }

    [Fact]
    public void ForKvV2Mount_WriteRequest_IsUnchanged()
    {
        var request = new TemplateSecretRequest("secret/app", [new("k", "v")]);

        Assert.Equal(request, request.ForKvV2Mount("secret/"));
    }

    [Fact]
    public void ForKvV2Mount_PathOutsideMount_Throws()
    {
        Assert.Throws<ArgumentException>(() => new TemplateSecretRequest("other/app").ForKvV2Mount("secret/"));
        Assert.Throws<ArgumentException>(() => new TemplateSecretRequest("secretive/app").ForKvV2Mount("secret"));
        Assert.Throws<ArgumentException>(() => new TemplateSecretRequest("secret/app").ForKvV2Mount("/"));
    }

    [Fact]
    public void Equals_SameParametersInAnyOrder_AreEqual()
    {
        var a = new TemplateSecretRequest("/pki/issue/web/", [new("ttl", "24h"), new("common_name", "a")]);
        var b = new TemplateSecretRequest("pki/issue/web", [new("common_name", "a"), new("ttl", "24h")]);

        Assert.Equal(a, b);
        Assert.True(a == b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, new TemplateSecretRequest("pki/issue/web", [new("common_name", "b"), new("ttl", "24h")]));
        Assert.NotEqual(a, new TemplateSecretRequest("pki/issue/web"));
        Assert.True(a != new TemplateSecretRequest("pki/issue/web"));
    }

    [Fact]
    public void Parameters_RepeatedKey_KeepsLastValue()
    {
        var request = new TemplateSecretRequest("p", [new("k", "1"), new("k", "2")]);

        Assert.Equal([new KeyValuePair<string, string>("k", "2")], request.Parameters);
    }

    [Fact]
    public void Query_SplitsPathAndQuery()
    {
        var request = new TemplateSecretRequest("secret/data/app?version=3");

        Assert.Equal("secret/data/app", request.PathWithoutQuery);
        Assert.Equal("version=3", request.Query);
        Assert.False(request.IsWrite);
    }

    [Fact]
    public void ToString_ListsParameterNamesButNotValues()
    {
        var request = new TemplateSecretRequest("auth/x/login", [new("password", "hunter2"), new("user", "ann")]);

        Assert.Equal("auth/x/login (password, user)", request.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("///")]
    public void Constructor_EmptyPath_Throws(string path)
    {
        Assert.ThrowsAny<ArgumentException>(() => new TemplateSecretRequest(path));
    }

    [Fact]
    public void Default_HasEmptyPathAndNoParameters()
    {
        TemplateSecretRequest request = default;

        Assert.Equal(string.Empty, request.Path);
        Assert.Empty(request.Parameters);
        Assert.Equal(default, request);
    }
}
