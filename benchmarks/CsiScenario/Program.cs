// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Grpc.Net.Client;
using Vault.Kubernetes.Csi.Protocol;
using File = System.IO.File;
using Vault.Kubernetes.Testing;

// Usage: dotnet run --project benchmarks/CsiScenario -c Release -- <published vault-csi-provider-dotnet> [results.md]
// Starts the embedded dev server (Kubernetes auth, KV v2, a database role) and the provider binary on a temp socket, then
//   1. cold Mount of a 10-object class (8 KV keys + username/password of one database credential), one new service
//      account each (login + reads), 10 times;
//   2. cached Mount of the same volume (a rotation poll), 200 times;
//   3. 100 pods (10 service accounts) x 5 objects mounted once, then one rotation poll each: Vault requests counted;
//   4. the provider's RSS sampled while those polls repeat for 20 s.
if (args.Length < 1 || !File.Exists(args[0]))
{
    Console.Error.WriteLine("usage: CsiScenario <vault-csi-provider-dotnet binary> [results.md]");
    return 2;
}

string provider = Path.GetFullPath(args[0]);
string work = Directory.CreateTempSubdirectory("csi-scenario-").FullName;
string socketPath = Path.Join(work, "vault.sock");
await using VaultDevServer server = await VaultDevServer.StartAsync();
server.SetPolicy("app", """
    path "secret/*" { capabilities = ["read", "list"] }
    path "database/creds/*" { capabilities = ["read"] }
    path "sys/leases/*" { capabilities = ["update"] }
    """);
server.Kubernetes.EnableAuth();
string[] accounts = [.. Enumerable.Range(0, 30).Select(i => $"sa{i}")];
server.Kubernetes.WriteRole("app", new Dictionary<string, object?>
{
    ["bound_service_account_names"] = accounts,
    ["bound_service_account_namespaces"] = new[] { "shop" },
    ["token_policies"] = new[] { "app" },
    ["token_ttl"] = 3600,
});
server.Database.EnableEngine();
server.Database.WriteRole("ro", new Dictionary<string, object?>
{
    ["db_name"] = "pg",
    ["creation_statements"] = new[] { "CREATE ROLE \"{{name}}\";" },
    ["default_ttl"] = 3600,
    ["max_ttl"] = 86400,
});
for (int i = 0; i < 8; i++)
{
    server.WriteKvSecret("secret", $"app{i}", new Dictionary<string, object?> { ["value"] = $"value-{i}" });
}

string tenObjects = Objects(8, 2);
string fiveObjects = Objects(4, 1);

using var process = Process.Start(new ProcessStartInfo(provider)
{
    ArgumentList = { $"--endpoint={socketPath}", $"--vault-addr={server.Address}" },
    RedirectStandardError = true,
    RedirectStandardOutput = true,
})!;
process.ErrorDataReceived += (_, _) => { };
process.OutputDataReceived += (_, _) => { };
process.BeginErrorReadLine();
process.BeginOutputReadLine();
try
{
    using GrpcChannel channel = GrpcChannel.ForAddress("http://localhost", new GrpcChannelOptions
    {
        HttpHandler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, ct) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), ct);
                return new NetworkStream(socket, ownsSocket: true);
            },
        },
    });
    var client = new CSIDriverProvider.CSIDriverProviderClient(channel);
    var ready = Stopwatch.StartNew();
    while (true)
    {
        try
        {
            await client.VersionAsync(new VersionRequest { Version = "v1alpha1" });
            break;
        }
        catch (Grpc.Core.RpcException) when (ready.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), TimeProvider.System, CancellationToken.None);
        }
    }

    double startup = ready.Elapsed.TotalMilliseconds;

    // 1. Cold: each Mount is a new identity (login) reading 9 paths.
    var cold = new List<double>();
    for (int i = 0; i < 10; i++)
    {
        cold.Add(await TimeAsync(client, Request(server, $"sa{20 + i}", $"cold-{i}", tenObjects)));
    }

    // 2. Cached: the same volume again, as the driver's rotation poll.
    MountRequest warmRequest = Request(server, "sa20", "cold-0", tenObjects);
    var warm = new List<double>();
    for (int i = 0; i < 200; i++)
    {
        warm.Add(await TimeAsync(client, warmRequest));
    }

    // 3. 100 pods x 5 objects, 10 service accounts.
    int credsBefore = server.Database.DynamicUserCount;
    MountRequest[] pods = [.. Enumerable.Range(0, 100).Select(i => Request(server, $"sa{i % 10}", $"pod-{i}", fiveObjects))];
    foreach (MountRequest pod in pods)
    {
        await client.MountAsync(pod);
    }

    int creds = server.Database.DynamicUserCount;
    server.ClearRequestLog();
    var pollTimer = Stopwatch.StartNew();
    foreach (MountRequest pod in pods)
    {
        await client.MountAsync(pod);
    }

    double pollAll = pollTimer.Elapsed.TotalMilliseconds;
    int pollRequests = server.RequestLog.Count;
    int credsAfter = server.Database.DynamicUserCount;

    // 4. RSS while polls repeat.
    var rss = new List<double>();
    var sampling = Stopwatch.StartNew();
    int round = 0;
    while (sampling.Elapsed < TimeSpan.FromSeconds(20))
    {
        foreach (MountRequest pod in pods)
        {
            await client.MountAsync(pod);
        }

        if (++round % 5 == 0)
        {
            rss.Add(ReadRssMiB(process.Id));
        }
    }

    int steadyRequests = server.RequestLog.Count;
    var report = new StringBuilder();
    report.AppendLine("# CSI provider: NativeAOT binary against the embedded dev server").AppendLine();
    report.AppendLine(CultureInfo.InvariantCulture, $"Measured with `dotnet run --project benchmarks/CsiScenario -c Release -- <published vault-csi-provider-dotnet>` ({Environment.ProcessorCount} CPUs, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}); the dev server runs in the harness process on loopback, the provider on a Unix socket. Binary size: {new FileInfo(provider).Length / 1048576.0:F1} MiB. Run {TimeProvider.System.GetUtcNow():yyyy-MM-dd HH:mm} UTC.").AppendLine();
    report.AppendLine("| measurement | value |").AppendLine("| --- | --- |");
    report.AppendLine(CultureInfo.InvariantCulture, $"| process start to first Version answer | {startup:F0} ms |");
    report.AppendLine(CultureInfo.InvariantCulture, $"| Mount, 10-object class, cold (new service account: login + 9 reads), median of 10 | {Median(cold):F1} ms (min {cold.Min():F1}, max {cold.Max():F1}) |");
    report.AppendLine(CultureInfo.InvariantCulture, $"| Mount, 10-object class, cached (rotation poll), median of 200 | {Median(warm):F2} ms (p95 {Percentile(warm, 0.95):F2}, max {warm.Max():F2}) |");
    report.AppendLine(CultureInfo.InvariantCulture, $"| 100 pods x 5 objects (10 service accounts): database credentials issued by the first mounts | {creds - credsBefore} (one per service account) |");
    report.AppendLine(CultureInfo.InvariantCulture, $"| one rotation poll of all 100 pods: Vault requests | {pollRequests} ({(double)pollRequests / pods.Length:F2} per pod), new credentials {credsAfter - creds}, {pollAll:F0} ms for all 100 |");
    report.AppendLine(CultureInfo.InvariantCulture, $"| {round} further poll rounds over 20 s: Vault requests | {steadyRequests - pollRequests} |");
    report.AppendLine(CultureInfo.InvariantCulture, $"| provider RSS while polling (samples over 20 s) | median {Median(rss):F1} MiB, max {rss.Max():F1} MiB |");
    Console.Write(report);
    if (args.Length > 1)
    {
        await File.WriteAllTextAsync(args[1], report.ToString());
    }

    return 0;
}
finally
{
    process.Kill();
    await process.WaitForExitAsync();
    Directory.Delete(work, recursive: true);
}

static string Objects(int kv, int database)
{
    var yaml = new StringBuilder();
    for (int i = 0; i < kv; i++)
    {
        yaml.Append(CultureInfo.InvariantCulture, $"- objectName: kv{i}\n  secretPath: secret/data/app{i}\n  secretKey: value\n");
    }

    string[] keys = ["username", "password"];
    for (int i = 0; i < database; i++)
    {
        yaml.Append(CultureInfo.InvariantCulture, $"- objectName: db-{keys[i]}\n  secretPath: database/creds/ro\n  secretKey: {keys[i]}\n");
    }

    return yaml.ToString();
}

static MountRequest Request(VaultDevServer server, string account, string pod, string objects)
{
    string tokens = JsonSerializer.Serialize(new Dictionary<string, Dictionary<string, string>>
    {
        ["vault"] = new() { ["token"] = server.Kubernetes.IssueToken("shop", account, ["vault"]), ["expirationTimestamp"] = "2099-01-01T00:00:00Z" },
    });
    string attributes = JsonSerializer.Serialize(new Dictionary<string, string>
    {
        ["roleName"] = "app",
        ["objects"] = objects,
        ["secretProviderClass"] = "bench",
        ["csi.storage.k8s.io/pod.name"] = pod,
        ["csi.storage.k8s.io/pod.namespace"] = "shop",
        ["csi.storage.k8s.io/pod.uid"] = pod,
        ["csi.storage.k8s.io/serviceAccount.name"] = account,
        ["csi.storage.k8s.io/serviceAccount.tokens"] = tokens,
    });
    return new MountRequest { Attributes = attributes, Secrets = "null", Permission = "420", TargetPath = $"/var/lib/kubelet/pods/{pod}/volumes/kubernetes.io~csi/s/mount" };
}

static async Task<double> TimeAsync(CSIDriverProvider.CSIDriverProviderClient client, MountRequest request)
{
    long start = Stopwatch.GetTimestamp();
    MountResponse response = await client.MountAsync(request);
    double elapsed = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    return response.ObjectVersion.Count > 0 ? elapsed : throw new InvalidOperationException("Mount returned no versions.");
}

static double ReadRssMiB(int pid)
{
    string line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
    return double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
}

static double Median(List<double> values) => Percentile(values, 0.5);

static double Percentile(List<double> values, double p)
{
    double[] sorted = [.. values.Order()];
    return sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];
}
