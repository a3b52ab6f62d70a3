// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.IO;
using System.Runtime.Versioning;

namespace Vault.Kubernetes.Sync;

/// <summary>A fully written temporary file waiting to be renamed over its target; disposing it uncommitted deletes it.</summary>
/// <remarks>Stage every file of a set first and commit them only once all are staged, so a failure leaves no file of the set half-updated.</remarks>
[UnsupportedOSPlatform("windows")] // Produced only by AtomicFileWriter, which is Unix-only.
public sealed class StagedFile : IDisposable
{
    private bool _done;

    /// <summary>Initializes a new instance of the <see cref="StagedFile"/> class.</summary>
    /// <param name="tempPath">The temporary file.</param>
    /// <param name="targetPath">The target.</param>
    internal StagedFile(string tempPath, string targetPath)
    {
        TempPath = tempPath;
        TargetPath = targetPath;
    }

    /// <summary>Gets the temporary file.</summary>
    public string TempPath { get; }

    /// <summary>Gets the target.</summary>
    public string TargetPath { get; }

    /// <summary>Renames the temporary file over the target (atomic within one file system).</summary>
    public void Commit()
    {
        ObjectDisposedException.ThrowIf(_done, this);
        File.Move(TempPath, TargetPath, overwrite: true);
        _done = true;
    }

    /// <summary>Deletes the temporary file unless it was committed.</summary>
    public void Dispose()
    {
        if (!_done)
        {
            _done = true;
            AtomicFileWriter.TryDelete(TempPath);
        }
    }
}
