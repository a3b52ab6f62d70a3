// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using Vault.Kubernetes.Secrets;
using Vault.Kubernetes.Templates;

namespace Vault.Kubernetes.Core.Tests.Secrets;

public sealed class SecretTemplateTests
{
    private static SecretTemplate Create(string text, SecretSourceKind kind = SecretSourceKind.KvV1) =>
        SecretTemplate.Create(VaultTemplate.Parse(text, "t"), (_, _) => kind);

    [Fact]
    public void Create_SameSecretTwice_OneSpec()
    {
        SecretTemplate template = Create("""{{ with secret "secret/app" }}{{ .Data.a }}{{ end }}{{ with secret "/secret/app/" }}{{ .Data.b }}{{ end }}""");

        SecretSpec spec = Assert.Single(template.Specs);
        Assert.Equal("secret/app", spec.Name);
    }

    [Fact]
    public void Create_VersionAndWrite_KeysCarryVersionAndSortedBody()
    {
        var seen = new List<(string, int?)>();
        SecretTemplate template = SecretTemplate.Create(
            VaultTemplate.Parse("""{{ with secret "secret/data/app?version=3" }}{{ end }}{{ with secret "pki/issue/web" "ttl=1h" "common_name=a" }}{{ end }}"""),
            (path, version) =>
            {
                seen.Add((path, version));
                return SecretSourceKind.KvV2;
            });

        Assert.Equal(["secret/data/app?version=3", "pki/issue/web common_name=a ttl=1h"], template.Specs.Select(s => s.Name));
        Assert.Equal(3, template.Specs[0].Version);
        Assert.Equal(SecretSourceKind.Dynamic, template.Specs[1].Kind);
        Assert.True(template.Specs[1].UseWrite);
        Assert.Equal([("secret/data/app", (int?)3)], seen);
    }

    [Theory]
    [InlineData("""{{ with secret "secret/app?v=2" }}{{ end }}""", "secret \"secret/app?v=2\" has an unsupported query")]
    [InlineData("""{{ with secret "secret/app?version=0" }}{{ end }}""", "secret \"secret/app?version=0\" has an unsupported query")]
    [InlineData("""{{ with secret (env "P") }}{{ end }}""", "a secret path computed while rendering")]
    public void Create_UnsupportedSecret_IsNamed(string text, string expected)
    {
        var ex = Assert.Throws<NotSupportedException>(() => Create(text));

        Assert.StartsWith(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_KvV2Snapshot_SeesResponseShapeAndLeaseFields()
    {
        SecretTemplate template = Create("""{{ with secret "secret/app" }}{{ .Data.data.k }} v{{ .Data.metadata.version }} {{ .LeaseID }} {{ .LeaseDuration }} {{ .Renewable }}{{ end }}""");
        SecretSnapshot kv = TestSnapshots.FromJson("""{"k":"v1"}""", version: 4);
        var leased = new SecretSnapshot(kv.Data, kv.RetrievedAt) { Version = 4, LeaseId = "l/1", LeaseDuration = TimeSpan.FromMinutes(2), Renewable = true };

        Assert.Equal("v1 v4 l/1 120 true", template.Render(new Dictionary<string, SecretSnapshot> { ["secret/app"] = leased }));
    }

    [Fact]
    public void Render_KvV2Snapshot_MetadataCarriesCustomMetadataOrNull()
    {
        // Vault Agent templates read .Data.metadata.custom_metadata; Vault answers null when a secret has none.
        SecretTemplate template = Create("""{{ with secret "secret/app" }}{{ if .Data.metadata.custom_metadata }}{{ .Data.metadata.custom_metadata.owner }}{{ else }}none{{ end }}{{ end }}""");
        SecretSnapshot kv = TestSnapshots.FromJson("""{"k":"v1"}""", version: 4);
        var owned = new SecretSnapshot(kv.Data, kv.RetrievedAt) { Version = 4, CustomMetadata = new Dictionary<string, string> { ["owner"] = "team-a" } };

        Assert.Equal("team-a", template.Render(new Dictionary<string, SecretSnapshot> { ["secret/app"] = owned }));
        Assert.Equal("none", template.Render(new Dictionary<string, SecretSnapshot> { ["secret/app"] = kv }));
    }

    [Fact]
    public void Render_SecretNotRead_NamesIt()
    {
        SecretTemplate template = Create("""{{ with secret "secret/app" }}{{ .Data.k }}{{ end }}""");

        var ex = Assert.Throws<KeyNotFoundException>(() => template.Render(new Dictionary<string, SecretSnapshot>()));

        Assert.Equal("the secret secret/app has not been read", ex.Message);
    }

    [Fact]
    public void Render_ErrorOnMissingKey_ThrowsTemplateErrorWithoutValues()
    {
        SecretTemplate template = Create("""{{ with secret "secret/app" }}{{ .Data.nope }}{{ end }}""");

        var ex = Assert.Throws<TemplateRenderException>(() => template.Render(
            new Dictionary<string, SecretSnapshot> { ["secret/app"] = TestSnapshots.FromJson("""{"k":"secret-value"}""") },
            new TemplateRenderOptions { ErrorOnMissingKey = true }));

        Assert.DoesNotContain("secret-value", ex.Message, StringComparison.Ordinal);
    }
}
