// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Runtime.Versioning;
using System.Text;
using Vault.Kubernetes.Sync;

namespace Vault.Kubernetes.Core.Tests.Sync;

[UnsupportedOSPlatform("windows")]
public sealed class AtomicFileWriterTests : IDisposable
{
    private const UnixFileMode Mode0600 = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode Mode0440 = UnixFileMode.UserRead | UnixFileMode.GroupRead;
    private const UnixFileMode OtherBits = UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task WriteIfChangedAsync_NewFile_WritesContentWithExactMode()
    {
        string path = _temp.Combine("db");

        bool written = await AtomicFileWriter.WriteIfChangedAsync(path, Bytes("user=app\n"), Mode0440, TestContext.Current.CancellationToken);

        Assert.True(written);
        Assert.Equal("user=app\n", await File.ReadAllTextAsync(path, TestContext.Current.CancellationToken));
        Assert.Equal(Mode0440, File.GetUnixFileMode(path));
        Assert.Equal(["db"], _temp.ListAll());
    }

    [Fact]
    public async Task WriteAllIfChangedAsync_SomeChanged_WritesOnlyThoseAndFixesModeOfTheRest()
    {
        CancellationToken ct = TestContext.Current.CancellationToken;
        await File.WriteAllTextAsync(_temp.Combine("same"), "same", ct);
        File.SetUnixFileMode(_temp.Combine("same"), Mode0600);

        IReadOnlyList<FileContent> written = await AtomicFileWriter.WriteAllIfChangedAsync(
            [new FileContent(_temp.Combine("same"), Bytes("same"), Mode0440), new FileContent(_temp.Combine("new"), Bytes("new"), Mode0600)], ct);

        Assert.Equal([_temp.Combine("new")], written.Select(f => f.Path));
        Assert.Equal(Mode0440, File.GetUnixFileMode(_temp.Combine("same")));
        Assert.Equal("new", await File.ReadAllTextAsync(_temp.Combine("new"), ct));
        Assert.Equal(["new", "same"], _temp.ListAll().Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task WriteAllIfChangedAsync_OneCannotBeStaged_ChangesNoTargetAndNamesTheFile()
    {
        CancellationToken ct = TestContext.Current.CancellationToken;
        await File.WriteAllTextAsync(_temp.Combine("a"), "old", ct);
        string blocked = _temp.Combine("blocked", "b");
        await File.WriteAllTextAsync(_temp.Combine("blocked"), "a file where a directory must be", ct);

        var ex = await Assert.ThrowsAsync<IOException>(() => AtomicFileWriter.WriteAllIfChangedAsync(
            [new FileContent(_temp.Combine("a"), Bytes("new"), Mode0600), new FileContent(blocked, Bytes("secret-value"), Mode0600)], ct));

        Assert.StartsWith($"cannot write {blocked}: ", ex.Message, StringComparison.Ordinal);
        Assert.Equal("old", await File.ReadAllTextAsync(_temp.Combine("a"), ct));
        Assert.Equal(["a", "blocked"], _temp.ListAll().Order(StringComparer.Ordinal));
    }

    [Fact]
    public void FileContent_ToString_ShowsPathAndLengthOnly()
    {
        var file = new FileContent("/vault/secrets/db", Bytes("secret-value"), Mode0600);

        Assert.Equal("/vault/secrets/db (12 bytes)", file.ToString());
    }

    [Fact]
    public async Task WriteIfChangedAsync_NestedPath_CreatesDirectories()
    {
        string path = _temp.Combine("conf", "deep", "db.env");

        await AtomicFileWriter.WriteIfChangedAsync(path, Bytes("x"), Mode0600, TestContext.Current.CancellationToken);

        Assert.Equal("x", await File.ReadAllTextAsync(path, TestContext.Current.CancellationToken));
        Assert.Equal(Mode0600, File.GetUnixFileMode(path));
    }

    [Fact]
    public async Task WriteIfChangedAsync_SameContent_LeavesFileUntouched()
    {
        string path = _temp.Combine("db");
        await AtomicFileWriter.WriteIfChangedAsync(path, Bytes("same"), Mode0600, TestContext.Current.CancellationToken);
        var old = new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(path, old);

        bool written = await AtomicFileWriter.WriteIfChangedAsync(path, Bytes("same"), Mode0600, TestContext.Current.CancellationToken);

        Assert.False(written);
        Assert.Equal(old, File.GetLastWriteTimeUtc(path));
    }

    [Fact]
    public async Task WriteIfChangedAsync_SameContentWrongMode_FixesModeOnly()
    {
        string path = _temp.Combine("db");
        await AtomicFileWriter.WriteIfChangedAsync(path, Bytes("same"), Mode0600 | UnixFileMode.OtherRead, TestContext.Current.CancellationToken);

        bool written = await AtomicFileWriter.WriteIfChangedAsync(path, Bytes("same"), Mode0440, TestContext.Current.CancellationToken);

        Assert.False(written);
        Assert.Equal(Mode0440, File.GetUnixFileMode(path));
    }

    [Fact]
    public async Task WriteIfChangedAsync_ChangedContent_ReplacesFileAndLeavesNoTempFile()
    {
        string path = _temp.Combine("db");
        await AtomicFileWriter.WriteIfChangedAsync(path, Bytes("old"), Mode0600, TestContext.Current.CancellationToken);

        bool written = await AtomicFileWriter.WriteIfChangedAsync(path, Bytes("new content"), Mode0600, TestContext.Current.CancellationToken);

        Assert.True(written);
        Assert.Equal("new content", await File.ReadAllTextAsync(path, TestContext.Current.CancellationToken));
        Assert.Equal(["db"], _temp.ListAll());
    }

    [Fact]
    public async Task StageAsync_BeforeCommit_TargetKeepsOldContentAndTempIsNeverWorldReadable()
    {
        string path = _temp.Combine("db");
        await File.WriteAllTextAsync(path, "old", TestContext.Current.CancellationToken);

        using (StagedFile staged = await AtomicFileWriter.StageAsync(path, Bytes("new"), Mode0600, TestContext.Current.CancellationToken))
        {
            // Fully written beside the target, hidden, with the final mode; the target is still the old file.
            Assert.Equal("old", await File.ReadAllTextAsync(path, TestContext.Current.CancellationToken));
            Assert.Equal("new", await File.ReadAllTextAsync(staged.TempPath, TestContext.Current.CancellationToken));
            Assert.Equal(_temp.Path, Path.GetDirectoryName(staged.TempPath));
            Assert.StartsWith(".db.", Path.GetFileName(staged.TempPath), StringComparison.Ordinal);
            Assert.Equal(Mode0600, File.GetUnixFileMode(staged.TempPath));
            Assert.Equal(UnixFileMode.None, File.GetUnixFileMode(staged.TempPath) & OtherBits);

            staged.Commit();
        }

        Assert.Equal("new", await File.ReadAllTextAsync(path, TestContext.Current.CancellationToken));
        Assert.Equal(["db"], _temp.ListAll());
    }

    [Fact]
    public async Task StageAsync_DisposedWithoutCommit_DeletesTempAndKeepsTarget()
    {
        string path = _temp.Combine("db");
        await File.WriteAllTextAsync(path, "old", TestContext.Current.CancellationToken);

        StagedFile staged = await AtomicFileWriter.StageAsync(path, Bytes("new"), Mode0600, TestContext.Current.CancellationToken);
        staged.Dispose();

        Assert.Equal("old", await File.ReadAllTextAsync(path, TestContext.Current.CancellationToken));
        Assert.Equal(["db"], _temp.ListAll());
    }

    [Fact]
    public async Task StageAsync_DirectoryNotWritable_ThrowsAndLeavesNothing()
    {
        string directory = _temp.Combine("ro");
        Directory.CreateDirectory(directory);
        File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        try
        {
            if (Environment.UserName == "root")
            {
                // root ignores directory modes; use a path whose parent is a file instead.
                string notADirectory = _temp.Write("file", "x");
                await Assert.ThrowsAnyAsync<IOException>(() => AtomicFileWriter.StageAsync(Path.Join(notADirectory, "db"), Bytes("x"), Mode0600, TestContext.Current.CancellationToken));
            }
            else
            {
                await Assert.ThrowsAsync<UnauthorizedAccessException>(() => AtomicFileWriter.StageAsync(Path.Join(directory, "db"), Bytes("x"), Mode0600, TestContext.Current.CancellationToken));
            }

            Assert.Empty(Directory.EnumerateFileSystemEntries(directory));
        }
        finally
        {
            File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);
}
