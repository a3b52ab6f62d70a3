// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.Versioning;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;

namespace Vault.Kubernetes.Sync;

/// <summary>Writes files atomically: the content goes to a hidden temporary file in the same directory, created with the final mode, then renamed over the target.</summary>
/// <remarks>
/// Readers see either the old or the new file, never a partial one. The temporary file is created with a mode no wider than the
/// target's (the process umask can only narrow it) and set to the exact mode before the rename, so content is never world-readable
/// unless the requested mode says so.
/// Shared by every host that writes secrets to files (the Agent's sidecar and init, and CSI's mounts), so the "never partial" rule
/// lives in one place.
/// </remarks>
[UnsupportedOSPlatform("windows")] // Unix file modes are the point: a secret file's mode is part of its contract.
public static class AtomicFileWriter
{
    private const UnixFileMode DirectoryMode = (UnixFileMode)0x1ED; // 0755: directory names are not secret.

    /// <summary>Writes <paramref name="content"/> into a temporary file next to <paramref name="path"/>; nothing is visible until <see cref="StagedFile.Commit"/>.</summary>
    /// <param name="path">The absolute target path.</param>
    /// <param name="content">The content.</param>
    /// <param name="mode">The target's mode.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The staged file; dispose it without committing to delete it.</returns>
    public static async Task<StagedFile> StageAsync(string path, ReadOnlyMemory<byte> content, UnixFileMode mode, CancellationToken cancellationToken = default)
    {
        string directory = Path.GetDirectoryName(path) ?? throw new ArgumentException($"{path} has no directory", nameof(path));
        if (!Directory.Exists(directory))
        {
            Directory.CreateDirectory(directory, DirectoryMode);
        }

        string temp = Path.Join(directory, $".{Path.GetFileName(path)}.{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6))}.tmp");
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            Share = FileShare.None,
            UnixCreateMode = mode,
        };
        try
        {
            var stream = new FileStream(temp, options);
            await using (stream.ConfigureAwait(false))
            {
                await stream.WriteAsync(content, cancellationToken).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
            }

            // The umask may have narrowed the create mode; set it exactly (never wider than asked).
            File.SetUnixFileMode(temp, mode);
            return new StagedFile(temp, path);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    /// <summary>Replaces <paramref name="path"/> with <paramref name="content"/> unless it already holds exactly that content (its mode is corrected either way).</summary>
    /// <param name="path">The absolute target path.</param>
    /// <param name="content">The content.</param>
    /// <param name="mode">The target's mode.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns><see langword="true"/> if the file was written.</returns>
    public static async Task<bool> WriteIfChangedAsync(string path, ReadOnlyMemory<byte> content, UnixFileMode mode, CancellationToken cancellationToken = default)
    {
        if (await HasContentAsync(path, content, cancellationToken).ConfigureAwait(false))
        {
            if (File.GetUnixFileMode(path) != mode)
            {
                File.SetUnixFileMode(path, mode);
            }

            return false;
        }

        using StagedFile staged = await StageAsync(path, content, mode, cancellationToken).ConfigureAwait(false);
        staged.Commit();
        return true;
    }

    /// <summary>Writes a set of files all or nothing: every file whose content changed is staged beside its target first, and only when all are staged are they renamed into place.</summary>
    /// <param name="files">The files.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The files that were written, in the given order; files that already held their content only had their mode corrected.</returns>
    /// <exception cref="IOException">A file could not be staged (the message names it); no target was changed.</exception>
    /// <remarks>A restarted init container finds its files already right and writes none of them again.</remarks>
    public static async Task<IReadOnlyList<FileContent>> WriteAllIfChangedAsync(IReadOnlyList<FileContent> files, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(files);
        var staged = new List<(FileContent File, StagedFile Staged)>(files.Count);
        try
        {
            foreach (FileContent file in files)
            {
                if (await HasContentAsync(file.Path, file.Content, cancellationToken).ConfigureAwait(false))
                {
                    File.SetUnixFileMode(file.Path, file.Mode);
                    continue;
                }

                try
                {
                    staged.Add((file, await StageAsync(file.Path, file.Content, file.Mode, cancellationToken).ConfigureAwait(false)));
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    throw new IOException($"cannot write {file.Path}: {ex.Message}", ex);
                }
            }

            // Every file is fully written beside its target; only renames remain.
            foreach ((_, StagedFile stagedFile) in staged)
            {
                stagedFile.Commit();
            }

            return [.. staged.Select(s => s.File)];
        }
        finally
        {
            foreach ((_, StagedFile stagedFile) in staged)
            {
                stagedFile.Dispose();
            }
        }
    }

    /// <summary>Tells whether <paramref name="path"/> exists and holds exactly <paramref name="content"/>.</summary>
    /// <param name="path">The path.</param>
    /// <param name="content">The expected content.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns><see langword="true"/> when the file holds the content.</returns>
    public static async Task<bool> HasContentAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        var info = new FileInfo(path);
        if (!info.Exists || info.Length != content.Length)
        {
            return false;
        }

        byte[] existing = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        return CryptographicOperations.FixedTimeEquals(existing, content.Span);
    }

    internal static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Best effort: a leftover hidden temp file is harmless and never mistaken for the target.
        }
    }
}
