// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using Microsoft.Extensions.Time.Testing;
using Vault.Kubernetes.Testing.Kubernetes;

namespace Vault.Kubernetes.Testing.Tests.Kubernetes;

public sealed class ServiceAccountTokenVolumeTests : IDisposable
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 31, 12, 0, 0, TimeSpan.Zero));
    private readonly ServiceAccountTokenIssuer _issuer;
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "vk-volume-" + Guid.NewGuid().ToString("N"));

    public ServiceAccountTokenVolumeTests()
    {
        _issuer = new ServiceAccountTokenIssuer(_time);
    }

    public void Dispose()
    {
        _issuer.Dispose();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public async Task CreateAsync_WritesKubeletLayout()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "symlink layout is checked on Unix");
        await using ServiceAccountTokenVolume volume = await CreateAsync(TimeSpan.FromHours(1));

        string dataTarget = new FileInfo(Path.Combine(_directory, "..data")).LinkTarget!;
        Assert.Matches(@"^\.\.2026_01_31_12_00_00\.\d+$", dataTarget);
        Assert.Equal(Path.Combine("..data", "token"), new FileInfo(Path.Combine(_directory, "token")).LinkTarget);
        Assert.Equal(Path.Combine("..data", "ca.crt"), new FileInfo(Path.Combine(_directory, "ca.crt")).LinkTarget);
        Assert.Equal(Path.Combine("..data", "namespace"), new FileInfo(Path.Combine(_directory, "namespace")).LinkTarget);
        Assert.Equal(volume.CurrentToken, await File.ReadAllTextAsync(volume.TokenPath, TestContext.Current.CancellationToken));
        Assert.Equal("shop", await File.ReadAllTextAsync(Path.Combine(_directory, "namespace"), TestContext.Current.CancellationToken));
        Assert.Equal(_issuer.CaCertificatePem, await File.ReadAllTextAsync(Path.Combine(_directory, "ca.crt"), TestContext.Current.CancellationToken));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(
                UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead,
                File.GetUnixFileMode(Path.Combine(_directory, dataTarget, "token")));
        }

        Assert.Equal(
            new[] { "..data", dataTarget, "ca.crt", "namespace", "token" }.Order(StringComparer.Ordinal),
            Directory.EnumerateFileSystemEntries(_directory).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal(0, volume.RotationCount);
        Assert.Equal(_time.GetUtcNow().AddHours(1), volume.ExpiresAt);
    }

    [Fact]
    public async Task DisposeAsync_AfterARotation_DeletesEveryTokenFileAndKeepsTheDirectory()
    {
        ServiceAccountTokenVolume volume = await CreateAsync(TimeSpan.FromHours(1));
        await volume.RotateAsync(TestContext.Current.CancellationToken);
        Assert.True(File.Exists(volume.TokenPath));

        await volume.DisposeAsync();

        Assert.True(Directory.Exists(_directory));
        Assert.Empty(Directory.EnumerateFileSystemEntries(_directory));
        await volume.DisposeAsync();
    }

    [Fact]
    public async Task RotateAsync_SwapsDataLinkAtomicallyAndRemovesOldDirectory()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "atomic rename is Unix-only");
        await using ServiceAccountTokenVolume volume = await CreateAsync(TimeSpan.FromHours(1));
        string oldTarget = new FileInfo(Path.Combine(_directory, "..data")).LinkTarget!;
        string oldToken = volume.CurrentToken;

        // A reader that opened the file before the swap keeps reading the old, complete token.
        await using FileStream heldOpen = File.OpenRead(volume.TokenPath);
        _time.Advance(TimeSpan.FromSeconds(5));
        int rotated = 0;
        volume.Rotated += (_, _) => rotated++;
        await volume.RotateAsync(TestContext.Current.CancellationToken);

        string newTarget = new FileInfo(Path.Combine(_directory, "..data")).LinkTarget!;
        Assert.NotEqual(oldTarget, newTarget);
        Assert.False(Directory.Exists(Path.Combine(_directory, oldTarget)));
        Assert.False(File.Exists(Path.Combine(_directory, "..data_tmp")));
        Assert.NotEqual(oldToken, volume.CurrentToken);
        Assert.Equal(volume.CurrentToken, await File.ReadAllTextAsync(volume.TokenPath, TestContext.Current.CancellationToken));
        using var reader = new StreamReader(heldOpen);
        Assert.Equal(oldToken, await reader.ReadToEndAsync(TestContext.Current.CancellationToken));
        Assert.Equal(1, volume.RotationCount);
        Assert.Equal(1, rotated);
        Assert.Single(Directory.EnumerateDirectories(_directory, "..20*"));
    }

    [Fact]
    public async Task Schedule_RotatesAtEightyPercentOfLifetime()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "symlink layout is checked on Unix");
        await using ServiceAccountTokenVolume volume = await CreateAsync(TimeSpan.FromMinutes(10));
        string first = volume.CurrentToken;

        _time.Advance(TimeSpan.FromMinutes(8) - TimeSpan.FromSeconds(1));
        Assert.Equal(first, await File.ReadAllTextAsync(volume.TokenPath, TestContext.Current.CancellationToken));
        Assert.Equal(0, volume.RotationCount);

        _time.Advance(TimeSpan.FromSeconds(1));
        string second = await File.ReadAllTextAsync(volume.TokenPath, TestContext.Current.CancellationToken);
        Assert.NotEqual(first, second);
        Assert.Equal(1, volume.RotationCount);
        (_, var claims) = ServiceAccountTokenIssuerTests.Decode(second);
        Assert.Equal(_time.GetUtcNow().ToUnixTimeSeconds(), (long)claims["iat"]!);

        // The next rotation is measured from the new token.
        _time.Advance(TimeSpan.FromMinutes(8));
        Assert.Equal(2, volume.RotationCount);
        Assert.Single(Directory.EnumerateDirectories(_directory, "..20*"));
    }

    [Fact]
    public async Task Schedule_LongLifetime_RotatesAfterAtMost24Hours()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "symlink layout is checked on Unix");
        await using ServiceAccountTokenVolume volume = await CreateAsync(TimeSpan.FromDays(365));

        Assert.Equal(_time.GetUtcNow().AddHours(24), volume.NextRotationAt);
        _time.Advance(TimeSpan.FromHours(24));
        Assert.Equal(1, volume.RotationCount);
    }

    [Fact]
    public async Task DisposeAsync_StopsSchedule()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "symlink layout is checked on Unix");
        ServiceAccountTokenVolume volume = await CreateAsync(TimeSpan.FromMinutes(10));
        string token = volume.CurrentToken;

        await volume.DisposeAsync();
        _time.Advance(TimeSpan.FromHours(1));

        Assert.Equal(0, volume.RotationCount);
        Assert.Equal(token, volume.CurrentToken);
        Assert.False(File.Exists(volume.TokenPath));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => volume.RotateAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task AutoRotateOff_OnlyRotatesOnDemand()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "symlink layout is checked on Unix");
        await using ServiceAccountTokenVolume volume = await ServiceAccountTokenVolume.CreateAsync(
            _directory,
            _issuer,
            new ServiceAccountTokenRequest("shop", "web") { Lifetime = TimeSpan.FromMinutes(10) },
            new ServiceAccountTokenVolumeOptions { AutoRotate = false, CaCertificatePem = "custom-ca" },
            TestContext.Current.CancellationToken);

        _time.Advance(TimeSpan.FromHours(1));

        Assert.Equal(0, volume.RotationCount);
        Assert.Equal("custom-ca", await File.ReadAllTextAsync(Path.Combine(_directory, "ca.crt"), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task CreateAsync_InvalidRefreshFraction_Throws()
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => ServiceAccountTokenVolume.CreateAsync(
            _directory, _issuer, new ServiceAccountTokenRequest("a", "b"), new ServiceAccountTokenVolumeOptions { RefreshFraction = 1.5 }, TestContext.Current.CancellationToken));
    }

    private Task<ServiceAccountTokenVolume> CreateAsync(TimeSpan lifetime) =>
        ServiceAccountTokenVolume.CreateAsync(
            _directory,
            _issuer,
            new ServiceAccountTokenRequest("shop", "web") { Lifetime = lifetime, Audiences = ["vault"] },
            cancellationToken: TestContext.Current.CancellationToken);
}
