// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Runtime.InteropServices;

namespace Vault.Kubernetes.Testing.Kubernetes;

/// <summary>The one libc call .NET does not expose: rename(2) of a symlink over another symlink to a directory.</summary>
/// <remarks>File.Move refuses a destination that resolves to a directory, but the kubelet's swap renames "..data_tmp" over "..data".</remarks>
internal static class NativeMethods
{
    [DllImport("libc", EntryPoint = "rename", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    internal static extern int Rename([MarshalAs(UnmanagedType.LPUTF8Str)] string oldPath, [MarshalAs(UnmanagedType.LPUTF8Str)] string newPath);
}
