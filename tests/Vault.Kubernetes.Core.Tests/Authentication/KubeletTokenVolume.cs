// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Runtime.InteropServices;

namespace Vault.Kubernetes.Core.Tests.Authentication;

/// <summary>A temporary directory laid out the way kubelet's atomic writer lays out a projected token volume.</summary>
/// <remarks>
/// <c>..2026_...</c> holds the content, <c>..data</c> links to it and <c>token</c> links to <c>..data/token</c>;
/// an update writes a new timestamped directory and renames a fresh <c>..data_tmp</c> link over <c>..data</c>.
/// </remarks>
internal sealed class KubeletTokenVolume : IDisposable
{
    private int _generation;

    public KubeletTokenVolume()
    {
        Root = Directory.CreateTempSubdirectory("vk-sa-").FullName;
        Directory.CreateSymbolicLink(Path.Combine(Root, "token"), Path.Combine("..data", "token"));
    }

    public string Root { get; }

    public string TokenPath => Path.Combine(Root, "token");

    /// <summary>Publishes new token content with the rename-over-symlink swap, then deletes the previous directory.</summary>
    public void Write(string content)
    {
        string? previous = CurrentDirectory();
        string name = $"..2026_01_31_12_00_{_generation++:00}.{Guid.NewGuid():N}";
        string directory = Path.Combine(Root, name);
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "token"), content);

        string temporaryLink = Path.Combine(Root, "..data_tmp");
        Directory.CreateSymbolicLink(temporaryLink, name);

        // rename(2) replaces the old link atomically; File.Move and Directory.Move refuse a link to a directory.
        if (Rename(temporaryLink, Path.Combine(Root, "..data")) != 0)
        {
            throw new IOException($"rename failed with errno {Marshal.GetLastPInvokeError()}");
        }

        if (previous is not null)
        {
            Directory.Delete(Path.Combine(Root, previous), recursive: true);
        }
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);

    [DllImport("libc", EntryPoint = "rename", SetLastError = true)]
    private static extern int Rename([MarshalAs(UnmanagedType.LPUTF8Str)] string oldPath, [MarshalAs(UnmanagedType.LPUTF8Str)] string newPath);

    private string? CurrentDirectory()
        => new FileInfo(Path.Combine(Root, "..data")).LinkTarget;
}
