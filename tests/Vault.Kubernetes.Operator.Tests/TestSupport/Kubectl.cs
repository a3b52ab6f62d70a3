// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

namespace Vault.Kubernetes.Operator.Tests.TestSupport;

/// <summary>Finds the real kubectl binary the end-to-end tests drive.</summary>
public static class Kubectl
{
    private static readonly Lazy<string?> s_path = new(() =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(System.IO.Path.PathSeparator)
            .Select(dir => System.IO.Path.Combine(dir, "kubectl"))
            .FirstOrDefault(File.Exists));

    /// <summary>Gets the kubectl path, or null when it is not installed.</summary>
    public static string? Path => s_path.Value;

    /// <summary>Skips the test with a clear message when kubectl is absent.</summary>
    public static void RequireInstalled() =>
        Assert.SkipWhen(Path is null, "kubectl is not installed (looked for it on PATH): the operator's end-to-end tests apply the sample manifests with it.");
}
