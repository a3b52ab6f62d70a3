// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

namespace Vault.Kubernetes.Core.Tests.Sync;

/// <summary>A fresh directory under the system temp directory, deleted on dispose.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = Directory.CreateTempSubdirectory("vault-agent-tests-").FullName;
    }

    public string Path { get; }

    public string Combine(params string[] parts) => System.IO.Path.Join([Path, .. parts]);

    public string Write(string name, string content)
    {
        string path = Combine(name);
        File.WriteAllText(path, content);
        return path;
    }

    public IReadOnlyList<string> ListAll() =>
        [.. Directory.EnumerateFileSystemEntries(Path, "*", SearchOption.AllDirectories).Select(p => System.IO.Path.GetRelativePath(Path, p)).Order(StringComparer.Ordinal)];

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
