// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Globalization;

namespace Vault.Kubernetes.Scenarios.Scenarios;

/// <summary>What several scenarios read from the machine: the repository root and a process's resident memory.</summary>
internal static class ScenarioEnvironment
{
    /// <summary>Gets the repository root (the folder holding Vault.Kubernetes.slnx above the build output), else the current directory.</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>Returns a process's resident set (VmRSS) in KiB, or 0 when /proc does not say.</summary>
    /// <param name="pid">The process, or <see langword="null"/> for this one.</param>
    public static long RssKb(int? pid = null)
    {
        foreach (string line in File.ReadLines(pid is int id ? $"/proc/{id}/status" : "/proc/self/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return long.Parse(line.AsSpan(6).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture);
            }
        }

        return 0;
    }

    private static string FindRepositoryRoot()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Vault.Kubernetes.slnx")))
            {
                return dir.FullName;
            }
        }

        return Directory.GetCurrentDirectory();
    }
}
