// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using Vault.Kubernetes.Authentication;

namespace Vault.Kubernetes.Core.Tests.Authentication;

public sealed class ProjectedServiceAccountTokenSourceTests : IDisposable
{
    private readonly KubeletTokenVolume _volume = new();

    public void Dispose() => _volume.Dispose();

    [Fact]
    public void Constructor_NoPath_UsesKubernetesDefault()
    {
        Assert.Equal("/var/run/secrets/kubernetes.io/serviceaccount/token", new ProjectedServiceAccountTokenSource().Path);
    }

    [Fact]
    public async Task GetTokenAsync_KubeletSwapsDataSymlink_ReturnsNewToken()
    {
        string first = TestJwt.Projected(jti: "first");
        string second = TestJwt.Projected(jti: "second", issuedAt: TestJwt.IssuedAtSeconds + 2900);
        _volume.Write(first + "\n");
        var source = new ProjectedServiceAccountTokenSource(_volume.TokenPath);

        ServiceAccountToken before = await source.GetTokenAsync(TestContext.Current.CancellationToken);
        _volume.Write(second + "\n");
        ServiceAccountToken after = await source.GetTokenAsync(TestContext.Current.CancellationToken);

        Assert.Equal(first, before.Jwt.Reveal());
        Assert.Equal(second, after.Jwt.Reveal());
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(TestJwt.IssuedAtSeconds + 2900), after.IssuedAt);
        Assert.Equal("web", after.ServiceAccountName);
    }

    [Fact]
    public async Task GetTokenAsync_MissingFile_NamesPath()
    {
        var source = new ProjectedServiceAccountTokenSource(_volume.TokenPath); // ..data not written yet: dangling link

        FileNotFoundException ex = await Assert.ThrowsAsync<FileNotFoundException>(
            () => source.GetTokenAsync(TestContext.Current.CancellationToken).AsTask());

        Assert.Contains(_volume.TokenPath, ex.Message, StringComparison.Ordinal);
        Assert.Equal(_volume.TokenPath, ex.FileName);
    }

    [Fact]
    public async Task GetTokenAsync_MissingDirectory_NamesPath()
    {
        string path = Path.Combine(_volume.Root, "nope", "token");
        var source = new ProjectedServiceAccountTokenSource(path);

        FileNotFoundException ex = await Assert.ThrowsAsync<FileNotFoundException>(
            () => source.GetTokenAsync(TestContext.Current.CancellationToken).AsTask());

        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" \n\t ")]
    public async Task GetTokenAsync_EmptyFile_NamesPath(string content)
    {
        InvalidDataException ex = await ReadBadFileAsync(content);

        Assert.Contains(_volume.TokenPath, ex.Message, StringComparison.Ordinal);
        Assert.Contains("empty", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("hunter2-super-secret-password")]
    [InlineData("eyJhbGciOiJSUzI1NiJ9.c2VjcmV0LXBheWxvYWQ.sig")]
    public async Task GetTokenAsync_GarbageFile_NamesPathWithoutContent(string content)
    {
        InvalidDataException ex = await ReadBadFileAsync(content);

        Assert.Contains(_volume.TokenPath, ex.Message, StringComparison.Ordinal);
        string everything = ex.ToString();
        foreach (string part in content.Split('.'))
        {
            Assert.DoesNotContain(part, everything, StringComparison.Ordinal);
        }
    }

    private async Task<InvalidDataException> ReadBadFileAsync(string content)
    {
        _volume.Write(content);
        var source = new ProjectedServiceAccountTokenSource(_volume.TokenPath);
        return await Assert.ThrowsAsync<InvalidDataException>(
            () => source.GetTokenAsync(TestContext.Current.CancellationToken).AsTask());
    }
}
