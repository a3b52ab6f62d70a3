// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.IO;

namespace Vault.Kubernetes.Sync;

/// <summary>One file of a set that <see cref="AtomicFileWriter.WriteAllIfChangedAsync"/> writes all or nothing.</summary>
/// <param name="Path">The absolute target path.</param>
/// <param name="Content">The content.</param>
/// <param name="Mode">The target's mode.</param>
public readonly record struct FileContent(string Path, ReadOnlyMemory<byte> Content, UnixFileMode Mode)
{
    /// <summary>Returns the path and length, never the content.</summary>
    /// <returns>A description of the file.</returns>
    public override string ToString() => $"{Path} ({Content.Length} bytes)";
}
