// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

namespace Vault.Kubernetes.Agent.Tests.TestSupport;

/// <summary>
/// Where the agent's executable is: <c>VAULT_AGENT_BINARY</c> when set (for example the NativeAOT binary from
/// <c>dotnet publish samples/Agent -c Release -r linux-x64</c>), otherwise the build output of samples/Agent for this configuration.
/// </summary>
internal static class AgentBinary
{
    /// <summary>The environment variable that points the tests at another agent build.</summary>
    public const string Variable = "VAULT_AGENT_BINARY";

    /// <summary>Gets the full path of the executable.</summary>
    public static string Path { get; } = Locate();

    /// <summary>Gets the folder that holds the executable and, for a framework-dependent build, its assemblies.</summary>
    public static string Directory => System.IO.Path.GetDirectoryName(Path)!;

    /// <summary>Gets the executable's file name.</summary>
    public static string FileName => System.IO.Path.GetFileName(Path);

    private static string Locate()
    {
        if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } configured)
        {
            return File.Exists(configured) ? System.IO.Path.GetFullPath(configured) : throw new FileNotFoundException($"{Variable} names '{configured}', which does not exist");
        }

        // The agent's own output folder holds its dependencies; a test's folder only has the agent's entry assembly.
        var testOutput = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(System.IO.Path.DirectorySeparatorChar));
        string framework = testOutput.Name;
        string configuration = testOutput.Parent!.Name;
        DirectoryInfo root = testOutput;
        while (!File.Exists(System.IO.Path.Join(root.FullName, "Vault.Kubernetes.slnx")))
        {
            root = root.Parent ?? throw new InvalidOperationException("repository root not found above " + AppContext.BaseDirectory);
        }

        return System.IO.Path.Join(root.FullName, "samples", "Agent", "bin", configuration, framework, "vault-agent-dotnet");
    }
}
