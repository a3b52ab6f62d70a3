// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Vault.Kubernetes.Testing;

namespace Vault.Kubernetes.Scenarios.Scenarios;

/// <summary>
/// The operator sample as a separate process (its build output, with the GC settings of deploy/operator.yaml) against both dev
/// servers in this process: N VaultStaticSecrets (KV v2, refreshAfter 30 s) created at once, time until every destination Secret
/// exists, then one minute of unchanged refreshes: the API server's writes, Vault's requests, and the operator's RSS.
/// </summary>
internal sealed class OperatorScaleScenario : IScenario
{
    private const int Count = 10_000;
    private const string OperatorNamespace = "vault-secrets-operator";
    private const string AppNamespace = "shop";
    private static readonly TimeSpan s_refresh = TimeSpan.FromSeconds(30);

    // As shipped in samples/Operator/deploy/operator.yaml.
    private static readonly Dictionary<string, string> s_manifestGc = new()
    {
        ["DOTNET_gcServer"] = "0",
        ["DOTNET_gcConcurrent"] = "0",
        ["DOTNET_GCgen0size"] = "400000",
        ["DOTNET_GCHeapHardLimit"] = "4000000",
    };

    public string Name => "operator-scale";

    public string Description => $"samples/Operator as its own process (GC settings of deploy/operator.yaml) against KubernetesDevServer and VaultDevServer in this process: {Count:N0} VaultStaticSecrets (KV v2, refreshAfter {s_refresh.TotalSeconds:0} s) created before it starts; time until all {Count:N0} destination Secrets exist, then after one settling minute, 60 s of unchanged refreshes (two intervals): API writes, Vault requests, operator RSS (VmRSS, sampled every second).";

    public async Task<IReadOnlyList<ScenarioMetric>> RunAsync(CancellationToken cancellationToken)
    {
        string root = ScenarioEnvironment.RepositoryRoot;
        string binary = Environment.GetEnvironmentVariable("VAULT_OPERATOR_BINARY") is { Length: > 0 } configured
            ? configured
            : Path.Combine(root, "samples", "Operator", "bin", "Release", "net10.0", "vault-operator-dotnet");
        if (!File.Exists(binary))
        {
            throw new FileNotFoundException($"Build the operator first (dotnet build -c Release samples/Operator) or set VAULT_OPERATOR_BINARY: {binary}");
        }

        string directory = Directory.CreateTempSubdirectory("operator-scale-").FullName;
        await using VaultDevServer vault = await VaultDevServer.StartAsync(cancellationToken: cancellationToken);
        vault.SetPolicy("web", """path "secret/data/*" { capabilities = ["read"] } path "secret/metadata/*" { capabilities = ["read"] }""");
        vault.Kubernetes.EnableAuth();
        vault.Kubernetes.WriteRole("web", new Dictionary<string, object?>
        {
            ["bound_service_account_names"] = "web",
            ["bound_service_account_namespaces"] = AppNamespace,
            ["audience"] = "vault",
            ["token_policies"] = "web",
        });
        for (int i = 0; i < Count; i++)
        {
            vault.WriteKvSecret("secret", $"apps/app{i}", new Dictionary<string, object?> { ["username"] = $"u{i}", ["password"] = $"p{i}", ["region"] = "eu-west" });
        }

        var options = new KubernetesDevServerOptions { TokenIssuer = vault.Kubernetes.Issuer };
        options.Namespaces.Add(OperatorNamespace);
        options.Namespaces.Add(AppNamespace);
        await using KubernetesDevServer kube = await KubernetesDevServer.StartAsync(options, cancellationToken);
        string kubeconfig = Path.Combine(directory, "kubeconfig");
        kube.WriteKubeconfig(kubeconfig);
        kube.CreateObject(new JsonObject { ["apiVersion"] = "v1", ["kind"] = "ServiceAccount", ["metadata"] = new JsonObject { ["name"] = "web", ["namespace"] = AppNamespace } });
        await KubectlAsync(kubeconfig, directory, ["apply", "-f", Path.Combine(root, "samples", "Operator", "deploy", "crds")], cancellationToken);
        string defaults = Path.Combine(directory, "default-connection.yaml");
        await File.WriteAllTextAsync(
            defaults,
            (await File.ReadAllTextAsync(Path.Combine(root, "samples", "Operator", "deploy", "examples", "default-connection.yaml"), cancellationToken))
                .Replace("http://vault.vault.svc:8200", vault.Address.GetLeftPart(UriPartial.Authority), StringComparison.Ordinal),
            cancellationToken);
        await KubectlAsync(kubeconfig, directory, ["apply", "-f", defaults], cancellationToken);
        for (int i = 0; i < Count; i++)
        {
            string name = "app" + i.ToString(CultureInfo.InvariantCulture);
            kube.CreateObject(new JsonObject
            {
                ["apiVersion"] = "secrets.hashicorp.com/v1beta1",
                ["kind"] = "VaultStaticSecret",
                ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = AppNamespace },
                ["spec"] = new JsonObject
                {
                    ["type"] = "kv-v2",
                    ["mount"] = "secret",
                    ["path"] = "apps/" + name,
                    ["refreshAfter"] = $"{s_refresh.TotalSeconds}s",
                    ["destination"] = new JsonObject { ["name"] = name, ["create"] = true },
                },
            });
        }

        vault.ClearRequestLog();
        kube.ClearRequestLog();
        var start = new ProcessStartInfo(binary) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["KUBECONFIG"] = kubeconfig;
        start.Environment["POD_NAMESPACE"] = OperatorNamespace;
        start.Environment["POD_NAME"] = "operator-scale";
        start.Environment["VSO_LEADER_ELECT"] = "false";
        start.Environment["VSO_HEALTH_PORT"] = "0";
        start.Environment["VSO_LOG_LEVEL"] = "Warning";
        foreach ((string key, string value) in s_manifestGc)
        {
            start.Environment[key] = value;
        }

        using Process process = Process.Start(start)!;
        var output = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            // Polling is fine here: this is a measurement, and a second's resolution is plenty for a sync of this size.
            var clock = Stopwatch.StartNew();
            double peakRss = 0;
            while (kube.ListObjects("v1", "secrets", AppNamespace).Count < Count)
            {
                if (process.HasExited || clock.Elapsed > TimeSpan.FromMinutes(10))
                {
                    throw new InvalidOperationException($"The operator did not sync {Count:N0} Secrets (exit: {(process.HasExited ? process.ExitCode : "running")}):\n{output}");
                }

                peakRss = Math.Max(peakRss, RssMiB(process.Id));
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            }

            double firstSync = clock.Elapsed.TotalSeconds;
            int syncRequests = vault.RequestLog.Count;
            int syncWrites = Writes(kube);

            // Let statuses and the first refresh round settle, then watch two unchanged intervals.
            await Task.Delay(TimeSpan.FromSeconds(60), cancellationToken);
            vault.ClearRequestLog();
            kube.ClearRequestLog();
            var samples = new List<double>();
            for (int second = 0; second < 2 * s_refresh.TotalSeconds; second++)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
                samples.Add(RssMiB(process.Id));
            }

            int steadyRequests = vault.RequestLog.Count;
            int steadyWrites = Writes(kube);
            int dataReads = vault.RequestLog.Count(e => e.Path.Contains("/data/", StringComparison.Ordinal));
            peakRss = Math.Max(peakRss, samples.Max());
            string at = string.Create(CultureInfo.InvariantCulture, $"{Count:N0} VaultStaticSecrets");
            return
            [
                new($"{at}: time to first full sync", firstSync, "s", $"operator start to {Count:N0} destination Secrets; {syncRequests:N0} Vault requests, {syncWrites:N0} API writes (Secrets, statuses, finalizers)"),
                new($"{at}: API writes per unchanged refresh interval", steadyWrites / 2.0, "writes", $"{steadyWrites} over 2 intervals of {s_refresh.TotalSeconds:0} s"),
                new($"{at}: Vault requests per resource per unchanged interval", steadyRequests / (2.0 * Count), "requests", $"{steadyRequests:N0} over 2 intervals, {dataReads} data reads"),
                new($"{at}: steady RSS", samples.Average(), "MiB", string.Create(CultureInfo.InvariantCulture, $"mean of {samples.Count} samples over the 2 intervals (min {samples.Min():0.0}, max {samples.Max():0.0}); peak during the whole run {peakRss:0.0} MiB; {string.Join(", ", s_manifestGc.Select(p => $"{p.Key}={p.Value}"))}")),
            ];
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            await process.WaitForExitAsync(CancellationToken.None);
            Directory.Delete(directory, recursive: true);
        }
    }

    private static int Writes(KubernetesDevServer kube) => kube.RequestLog.Count(e => e.Method is "POST" or "PUT" or "PATCH" or "DELETE");

    private static double RssMiB(int pid) => ScenarioEnvironment.RssKb(pid) / 1024.0;

    private static async Task KubectlAsync(string kubeconfig, string directory, string[] args, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo("kubectl") { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add("--kubeconfig=" + kubeconfig);
        foreach (string arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["KUBECACHEDIR"] = Path.Combine(directory, "kube-cache");
        using Process process = Process.Start(info)!;
        string error = await process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"kubectl {string.Join(' ', args)} failed: {error}");
        }
    }
}
