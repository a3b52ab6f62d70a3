// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Vault.Kubernetes.Scenarios.Scenarios;

// Runs end-to-end scenarios against the embedded dev server and writes benchmarks/results/scenarios.md.
// Usage: dotnet run -c Release --project benchmarks/Vault.Kubernetes.Scenarios [-- scenario ...] [--out path]
if (await EngineScaleScenario.RunChildIfAskedAsync(args) is int childExitCode)
{
    return childExitCode;
}

IScenario[] all = [new KvReadScenario(), new KvRefreshScenario(), new KubeServerScenario(), new ColdLoadScenario(), new ColdLoadTlsScenario(), new EngineScaleScenario(), new OperatorScaleScenario()];
string output = Path.Combine(ScenarioEnvironment.RepositoryRoot, "benchmarks", "results", "scenarios.md");
var selected = new List<IScenario>();
for (int i = 0; i < args.Length; i++)
{
    if (args[i] == "--out" && i + 1 < args.Length)
    {
        output = Path.GetFullPath(args[++i]);
    }
    else
    {
        selected.Add(all.FirstOrDefault(s => s.Name == args[i]) ?? throw new ArgumentException($"Unknown scenario '{args[i]}'. Known: {string.Join(", ", all.Select(s => s.Name))}."));
    }
}

if (selected.Count == 0)
{
    selected.AddRange(all);
}

var report = new StringBuilder();
report.AppendLine("# Scenario results").AppendLine();
report.AppendLine(CultureInfo.InvariantCulture, $"Run {TimeProvider.System.GetUtcNow():yyyy-MM-dd HH:mm} UTC on {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, .NET {Environment.Version}, {(IsRelease() ? "Release" : "Debug")} build.");
report.AppendLine("Command: `dotnet run -c Release --project benchmarks/Vault.Kubernetes.Scenarios`. The dev server runs in the same process, so latencies include its work.").AppendLine();
foreach (IScenario scenario in selected)
{
    Console.WriteLine($"Running {scenario.Name} ...");
    IReadOnlyList<ScenarioMetric> metrics = await scenario.RunAsync(CancellationToken.None);
    report.AppendLine(CultureInfo.InvariantCulture, $"## {scenario.Name}").AppendLine().AppendLine(scenario.Description).AppendLine();
    report.AppendLine("| metric | value | unit | note |").AppendLine("| --- | ---: | --- | --- |");
    foreach (ScenarioMetric metric in metrics)
    {
        report.AppendLine(CultureInfo.InvariantCulture, $"| {metric.Name} | {metric.Value:0.##} | {metric.Unit} | {metric.Note} |");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {metric.Name}: {metric.Value:0.##} {metric.Unit}"));
    }

    report.AppendLine();
}

Directory.CreateDirectory(Path.GetDirectoryName(output)!);
await File.WriteAllTextAsync(output, report.ToString());
Console.WriteLine($"Wrote {output}");
return 0;

static bool IsRelease() =>
#if DEBUG
    false;
#else
    true;
#endif
