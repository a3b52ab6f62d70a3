// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Vault.Kubernetes.Csi.Tests.TestSupport;

namespace Vault.Kubernetes.Csi.Tests.Hosting;

/// <summary>A second, non-.NET client (Node.js @grpc/grpc-js) calls Version and Mount: the contract holds outside .NET's own stubs.</summary>
public sealed class NodeClientTests : IAsyncLifetime
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(60);
    private CsiHarness _harness = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _harness = await CsiHarness.StartAsync(Ct);

    public async ValueTask DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task NodeGrpcJsClient_VersionAndMount_GetsFilesAndVersions()
    {
        string nodeDirectory = Path.Join(SourceDirectory(), "node");
        string proto = Path.GetFullPath(Path.Join(SourceDirectory(), "..", "..", "samples", "Csi", "Protos", "service.proto"));
        if (!Directory.Exists(Path.Join(nodeDirectory, "node_modules", "@grpc", "grpc-js")))
        {
            Assert.Skip($"Node client not installed: run 'npm install' in {nodeDirectory} (needs node and npm).");
        }

        string attributes = _harness.Attributes("app", "pod-n", "- objectName: api-key\n  secretPath: secret/data/app\n  secretKey: apiKey\n");
        string request = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["attributes"] = attributes,
            ["secrets"] = "null",
            ["target_path"] = "/var/lib/kubelet/pods/pod-n/volumes/kubernetes.io~csi/secrets/mount",
            ["permission"] = "420",
            ["current_object_version"] = Array.Empty<object>(),
        });

        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = nodeDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add("client.js");
        start.ArgumentList.Add(proto);
        start.ArgumentList.Add(_harness.SocketPath);
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            Assert.Skip("Node client skipped: 'node' is not on PATH.");
            return;
        }

        using (process)
        {
            await process.StandardInput.WriteAsync(request);
            process.StandardInput.Close();
            Task<string> stdout = process.StandardOutput.ReadToEndAsync(Ct);
            Task<string> stderr = process.StandardError.ReadToEndAsync(Ct);
            await process.WaitForExitAsync(Ct).WaitAsync(s_wait, Ct);
            Assert.True(process.ExitCode == 0, await stderr);

            using JsonDocument result = JsonDocument.Parse(await stdout);
            JsonElement root = result.RootElement;
            Assert.Equal("v1alpha1", root.GetProperty("version").GetProperty("version").GetString());
            JsonElement file = Assert.Single(root.GetProperty("files").EnumerateArray());
            Assert.Equal("api-key", file.GetProperty("path").GetString());
            Assert.Equal(420, file.GetProperty("mode").GetInt32());
            Assert.Equal("kv-one", Encoding.UTF8.GetString(Convert.FromBase64String(file.GetProperty("contents").GetString()!)));
            JsonElement version = Assert.Single(root.GetProperty("object_version").EnumerateArray());
            Assert.Equal("api-key", version.GetProperty("id").GetString());
            Assert.False(string.IsNullOrEmpty(version.GetProperty("version").GetString()));
        }
    }

    // A CI build maps source paths to /_/ (deterministic builds), so the test project's folder is found from the output folder.
    private static string SourceDirectory()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Join(dir.FullName, "Vault.Kubernetes.Csi.Tests.csproj")))
            {
                return dir.FullName;
            }
        }

        return AppContext.BaseDirectory;
    }
}
