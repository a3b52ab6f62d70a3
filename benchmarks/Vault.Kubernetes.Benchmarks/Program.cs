// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using BenchmarkDotNet.Running;

namespace Vault.Kubernetes.Benchmarks;

/// <summary>Runs the benchmarks chosen on the command line (see benchmarks/README.md).</summary>
public static class Program
{
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
