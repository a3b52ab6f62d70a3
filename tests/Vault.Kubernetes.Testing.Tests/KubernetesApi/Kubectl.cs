// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Diagnostics;

namespace Vault.Kubernetes.Testing.Tests.KubernetesApi;

/// <summary>Runs the real kubectl binary against a <see cref="KubeCluster"/>, with a per-test discovery cache.</summary>
public sealed class Kubectl
{
    private static readonly Lazy<string?> s_path = new(Find);
    private readonly KubeCluster _cluster;

    public Kubectl(KubeCluster cluster)
    {
        _cluster = cluster;
    }

    /// <summary>Gets the kubectl path, or null when it is not installed.</summary>
    public static string? Path => s_path.Value;

    /// <summary>Skips the test with a clear message when kubectl is absent.</summary>
    public static void RequireInstalled() =>
        Assert.SkipWhen(Path is null, "kubectl is not installed (looked for it on PATH): these tests run the real kubectl binary against KubernetesDevServer.");

    /// <summary>Runs kubectl to completion (30 s at most) in the test namespace.</summary>
    public async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string args, string? stdin = null)
    {
        using Process process = Start(args, stdin is not null);
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
            process.StandardInput.Close();
        }

        Task<string> stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        Task<string> stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Runs kubectl and fails the test (with its stderr) unless it exits 0.</summary>
    public async Task<string> RunOkAsync(string args, string? stdin = null)
    {
        (int exitCode, string stdout, string stderr) = await RunAsync(args, stdin);
        Assert.True(exitCode == 0, $"kubectl {args} exited {exitCode}: {stderr}");
        return stdout;
    }

    /// <summary>Starts a long-running kubectl (watch, wait); the caller reads its output and disposes it.</summary>
    public Process Start(string args, bool redirectInput = false)
    {
        var info = new ProcessStartInfo(Path!)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = redirectInput,
            UseShellExecute = false,
        };
        foreach (string arg in SplitArgs($"--kubeconfig {_cluster.KubeconfigPath} -n {_cluster.Namespace} {args}"))
        {
            info.ArgumentList.Add(arg);
        }

        // kubectl caches discovery for hours; a per-test cache sees each server's own resources.
        info.Environment["KUBECACHEDIR"] = System.IO.Path.Combine(_cluster.Directory, "kube-cache");
        info.Environment.Remove("KUBECONFIG");
        return Process.Start(info)!;
    }

    private static IEnumerable<string> SplitArgs(string args)
    {
        // Single quotes group an argument (for JSON patches); no escaping is needed by these tests.
        var current = new System.Text.StringBuilder();
        bool quoted = false;
        foreach (char c in args)
        {
            if (c == '\'')
            {
                quoted = !quoted;
            }
            else if (c == ' ' && !quoted)
            {
                if (current.Length > 0)
                {
                    yield return current.ToString();
                    current.Clear();
                }
            }
            else
            {
                current.Append(c);
            }
        }

        if (current.Length > 0)
        {
            yield return current.ToString();
        }
    }

    private static string? Find()
    {
        foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(System.IO.Path.PathSeparator))
        {
            string candidate = System.IO.Path.Combine(dir, OperatingSystem.IsWindows() ? "kubectl.exe" : "kubectl");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
