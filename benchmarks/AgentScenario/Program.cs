// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Diagnostics;
using System.Globalization;
using System.Text;
using Vault.Kubernetes.Testing;
using Vault.Kubernetes.Testing.Kubernetes;

// Usage: dotnet run --project benchmarks/AgentScenario -c Release -- <path to the published vault-agent-dotnet> [results.md]
//        ... -- <binary> --soak <minutes> <series.md>: one sidecar with a 1 s render interval, a KV change every minute, RSS every 10 s.
// Starts the embedded dev server (Kubernetes auth, a projected token volume, 10 KV v2 secrets), then
//   1. runs the agent in init mode 10 times and reports the time from process start to exit;
//   2. runs it as a sidecar keeping the 10 files fresh (render interval 5 s) and samples its RSS for 30 s.
if (args.Length < 1 || !File.Exists(args[0]))
{
    Console.Error.WriteLine("usage: AgentScenario <vault-agent-dotnet binary> [results.md]");
    return 2;
}

const int Files = 10;
const int InitRuns = 10;
string agent = Path.GetFullPath(args[0]);
int soakMinutes = args.Length > 3 && args[1] == "--soak" ? int.Parse(args[2], CultureInfo.InvariantCulture) : 0;
string work = Directory.CreateTempSubdirectory("agent-scenario-").FullName;
await using VaultDevServer server = await VaultDevServer.StartAsync();
server.SetPolicy("app", """path "secret/*" { capabilities = ["read", "list"] }""");
server.Kubernetes.EnableAuth();
server.Kubernetes.WriteRole("app", new Dictionary<string, object?>
{
    ["bound_service_account_names"] = new[] { "app" },
    ["bound_service_account_namespaces"] = new[] { "shop" },
    ["token_policies"] = new[] { "app" },
    ["token_ttl"] = 3600,
});
for (int i = 0; i < Files; i++)
{
    server.WriteKvSecret("secret", $"app{i}", new Dictionary<string, object?> { ["user"] = $"user{i}", ["password"] = $"pw-{i}" });
}

Directory.CreateDirectory(Path.Join(work, "sa"));
await using ServiceAccountTokenVolume volume = await server.Kubernetes.CreateTokenVolumeAsync(Path.Join(work, "sa"), "shop", "app");
string secrets = Path.Join(work, "secrets");
var annotations = new StringBuilder();
void Annotate(string key, string value) => annotations.Append("vault.hashicorp.com/").Append(key).Append("=\"").Append(value).Append("\"\n");
Annotate("role", "app");
Annotate("service", server.Address.ToString().TrimEnd('/'));
Annotate("auth-config-token-path", volume.TokenPath);
Annotate("secret-volume-path", secrets);
Annotate("template-static-secret-render-interval", soakMinutes > 0 ? "1s" : "5s");
for (int i = 0; i < Files; i++)
{
    Annotate($"agent-inject-secret-s{i}", $"secret/app{i}");
}

string annotationsFile = Path.Join(work, "annotations");
await File.WriteAllTextAsync(annotationsFile, annotations.ToString());

if (soakMinutes > 0)
{
    return await SoakAsync(soakMinutes, args[3]);
}

var initTimes = new List<double>();
for (int run = 0; run < InitRuns; run++)
{
    if (Directory.Exists(secrets))
    {
        Directory.Delete(secrets, recursive: true);
    }

    Directory.CreateDirectory(secrets);
    var stopwatch = Stopwatch.StartNew();
    using Process init = Start("init");
    await init.WaitForExitAsync();
    stopwatch.Stop();
    if (init.ExitCode != 0 || Directory.GetFiles(secrets).Length != Files)
    {
        Console.Error.WriteLine($"init run {run} failed with exit code {init.ExitCode}");
        return 1;
    }

    initTimes.Add(stopwatch.Elapsed.TotalMilliseconds);
}

using Process sidecar = Start("sidecar");
var rss = new List<long>();
for (int sample = 0; sample < 30; sample++)
{
    await Task.Delay(TimeSpan.FromSeconds(1), TimeProvider.System, CancellationToken.None);
    rss.Add(ReadRssKb(sidecar.Id));
}

server.WriteKvSecret("secret", "app0", new Dictionary<string, object?> { ["user"] = "user0", ["password"] = "rotated" });
await Task.Delay(TimeSpan.FromSeconds(7), TimeProvider.System, CancellationToken.None);
bool refreshed = (await File.ReadAllTextAsync(Path.Join(secrets, "s0"))).Contains("rotated", StringComparison.Ordinal);
sidecar.Kill();
await sidecar.WaitForExitAsync();

initTimes.Sort();
long[] steady = [.. rss.Skip(10)];
string report = string.Create(CultureInfo.InvariantCulture, $"""
    # Agent: NativeAOT binary against the embedded dev server

    Measured with `dotnet run --project benchmarks/AgentScenario -c Release -- <published vault-agent-dotnet>`
    ({Environment.ProcessorCount} CPUs, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}); the dev server runs in the harness process on loopback.
    Binary size: {new FileInfo(agent).Length / 1024.0 / 1024.0:F1} MiB.

    | measurement | value |
    | --- | --- |
    | init, process start to exit (login + 10 KV v2 secrets + 10 files), median of {InitRuns} | {initTimes[InitRuns / 2]:F0} ms |
    | init, fastest / slowest | {initTimes[0]:F0} ms / {initTimes[^1]:F0} ms |
    | sidecar steady-state RSS, 10 files, 5 s render interval (samples 10-30 s) | {steady.Average() / 1024.0:F1} MiB (max {steady.Max() / 1024.0:F1} MiB) |
    | sidecar picked up a KV change within one interval | {(refreshed ? "yes" : "NO")} |

    """);
Console.WriteLine(report);
if (args.Length > 1)
{
    await File.WriteAllTextAsync(args[1], report);
}

Directory.Delete(work, recursive: true);
return refreshed ? 0 : 1;

// A 1 s render interval makes each minute hold five minutes' worth of the default interval's version checks.
async Task<int> SoakAsync(int minutes, string output)
{
    Directory.CreateDirectory(secrets);
    using Process sidecar = Start("sidecar");
    var series = new List<(int Seconds, long RssKb)>();
    var clock = Stopwatch.StartNew();
    for (int second = 10; second <= minutes * 60; second += 10)
    {
        TimeSpan wait = TimeSpan.FromSeconds(second) - clock.Elapsed;
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, TimeProvider.System, CancellationToken.None);
        }

        if (second % 60 == 0)
        {
            server.WriteKvSecret("secret", $"app{second / 60 % Files}", new Dictionary<string, object?> { ["user"] = "u", ["password"] = $"minute-{second / 60}" });
        }

        series.Add((second, ReadRssKb(sidecar.Id)));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{second,5} s  {series[^1].RssKb / 1024.0:F1} MiB"));
    }

    bool alive = !sidecar.HasExited;
    sidecar.Kill();
    await sidecar.WaitForExitAsync();
    long[] last10 = [.. series.Where(s => s.Seconds > (minutes - 10) * 60).Select(s => s.RssKb)];
    var text = new StringBuilder();
    text.AppendLine(CultureInfo.InvariantCulture, $"""
        # Agent sidecar RSS over {minutes} minutes

        `dotnet run --project benchmarks/AgentScenario -c Release -- <published vault-agent-dotnet> --soak {minutes} <this file>`
        ({Environment.ProcessorCount} CPUs, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}), run {TimeProvider.System.GetUtcNow():yyyy-MM-dd HH:mm} UTC.
        One sidecar keeps {Files} KV v2 files fresh with a 1 s render interval (five times the default's checks per minute at
        a fifth of the interval: {minutes} minutes hold {minutes * 5} minutes' worth), one secret changes every minute; RSS
        (VmRSS) sampled every 10 s. Binary size {new FileInfo(agent).Length / 1024.0 / 1024.0:F1} MiB.

        Last 10 minutes: min {last10.Min() / 1024.0:F1} MiB, max {last10.Max() / 1024.0:F1} MiB, spread {(last10.Max() - last10.Min()) / 1024.0:F1} MiB; sidecar alive at the end: {(alive ? "yes" : "NO")}.

        | seconds | RSS (MiB) |
        | ---: | ---: |
        """);
    foreach ((int seconds, long kb) in series)
    {
        text.AppendLine(CultureInfo.InvariantCulture, $"| {seconds} | {kb / 1024.0:F1} |");
    }

    await File.WriteAllTextAsync(output, text.ToString());
    return alive ? 0 : 1;
}

Process Start(string mode)
{
    var startInfo = new ProcessStartInfo(agent) { RedirectStandardOutput = true, RedirectStandardError = true };
    startInfo.ArgumentList.Add("--mode");
    startInfo.ArgumentList.Add(mode);
    startInfo.ArgumentList.Add("--annotations");
    startInfo.ArgumentList.Add(annotationsFile);
    var process = Process.Start(startInfo)!;
    process.OutputDataReceived += (_, _) => { };
    process.ErrorDataReceived += (_, e) =>
    {
        // The sidecar's once-a-minute memory line (VAULT_AGENT_LOG_LEVEL=debug) shows whether growth is the GC's.
        if (e.Data?.Contains("Memory:", StringComparison.Ordinal) == true)
        {
            Console.WriteLine(e.Data);
        }
    };
    process.BeginOutputReadLine();
    process.BeginErrorReadLine();
    return process;
}

static long ReadRssKb(int pid)
{
    foreach (string line in File.ReadLines($"/proc/{pid}/status"))
    {
        if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
        {
            return long.Parse(line.AsSpan(6).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture);
        }
    }

    return 0;
}
