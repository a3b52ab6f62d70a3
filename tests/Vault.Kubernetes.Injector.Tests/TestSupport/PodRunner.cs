// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Vault.Kubernetes.Injector.Tests.TestSupport;

/// <summary>
/// Runs one container of a stored pod the way the kubelet would, as far as the program inside can tell: each volume the
/// container mounts is materialized (emptyDir, downward API, the projected service-account volume with a token from the
/// TokenRequest API), the environment is resolved from the container's <c>env</c> and nothing else, and the image's
/// executable runs chrooted into a read-only root that has exactly the container's mounts at their mount paths.
/// </summary>
/// <remarks>
/// The mounts need a private mount namespace; <c>unshare --user --map-root-user --mount</c> gives one without privileges
/// on kernels that allow unprivileged user namespaces. Host /usr, /etc, /dev and /proc are bound in so a
/// framework-dependent build finds its runtime; the network is the host's, so loopback servers are reachable. Nothing stays
/// mounted afterwards: the mount namespace ends with the process.
/// </remarks>
internal sealed class PodRunner
{
    private static readonly Lazy<string?> s_unsupported = new(Probe);
    private readonly JsonObject _pod;
    private readonly string _directory;
    private readonly Func<string, int, Task<string>> _requestToken;
    private readonly Func<string, string, JsonObject?> _configMap;
    private readonly Dictionary<string, string> _volumes = new(StringComparer.Ordinal);

    /// <param name="pod">The pod as the API server stored it.</param>
    /// <param name="directory">An empty directory for the volumes and the root.</param>
    /// <param name="requestToken">The TokenRequest call: service account and expirationSeconds to a token.</param>
    /// <param name="configMap">Reads a ConfigMap by namespace and name.</param>
    public PodRunner(JsonObject pod, string directory, Func<string, int, Task<string>> requestToken, Func<string, string, JsonObject?> configMap)
    {
        _pod = pod;
        _directory = directory;
        _requestToken = requestToken;
        _configMap = configMap;
    }

    private string Namespace => (string)_pod["metadata"]!["namespace"]!;

    /// <summary>Skips the test with the reason when this machine cannot give a process a private mount namespace.</summary>
    public static void RequireSupported() => Assert.SkipWhen(s_unsupported.Value is not null, s_unsupported.Value ?? string.Empty);

    /// <summary>The host directory behind a volume, once a container that mounts it has run.</summary>
    public string VolumePath(string volume) => _volumes[volume];

    /// <summary>Runs the named init or app container to its exit.</summary>
    /// <param name="containerName">The container.</param>
    /// <param name="images">Each image the test can run: the host directory mounted at /image and the entry point inside it.</param>
    /// <param name="timeout">How long the container may run.</param>
    /// <returns>The exit code and everything the container wrote to stdout and stderr.</returns>
    public async Task<(int ExitCode, string Output)> RunAsync(string containerName, IReadOnlyDictionary<string, (string Directory, string Entrypoint)> images, TimeSpan timeout)
    {
        JsonObject container = Containers().FirstOrDefault(c => (string?)c["name"] == containerName)
            ?? throw new InvalidOperationException($"the pod has no container '{containerName}'");
        string image = (string)container["image"]!;
        if (!images.TryGetValue(image, out (string Directory, string Entrypoint) entry))
        {
            throw new InvalidOperationException($"no local build for the image '{image}' of container '{containerName}'");
        }

        string root = Path.Combine(_directory, "root-" + containerName);
        Directory.CreateDirectory(root);
        var script = new StringBuilder("set -e\n");
        script.Append(CultureInfo.InvariantCulture, $"mount --bind {Quote(root)} {Quote(root)}\n");
        foreach (string system in (string[])["usr", "etc", "dev", "proc"])
        {
            Directory.CreateDirectory(Path.Combine(root, system));
            script.Append(CultureInfo.InvariantCulture, $"mount --rbind /{system} {Quote(Path.Combine(root, system))}\n");
        }

        foreach (string link in (string[])["bin", "lib", "lib64", "sbin"])
        {
            if (!Path.Exists(Path.Combine(root, link)))
            {
                File.CreateSymbolicLink(Path.Combine(root, link), "usr/" + link);
            }
        }

        var readOnlyTargets = new List<string> { root };
        Bind(entry.Directory, "/image", readOnly: true);
        foreach (JsonObject mount in (container["volumeMounts"] as JsonArray ?? []).OfType<JsonObject>())
        {
            Bind(await MaterializeAsync((string)mount["name"]!), (string)mount["mountPath"]!, (bool?)mount["readOnly"] ?? false);
        }

        // Read-only after every mount point exists (readOnlyRootFilesystem); submounts keep their own flags.
        foreach (string target in readOnlyTargets)
        {
            script.Append(CultureInfo.InvariantCulture, $"mount -o remount,bind,ro {Quote(target)}\n");
        }

        script.Append(CultureInfo.InvariantCulture, $"cd {Quote(root)}\nexec chroot {Quote(root)} {Quote("/image/" + entry.Entrypoint)}");
        foreach (string arg in (container["command"] as JsonArray ?? []).Concat(container["args"] as JsonArray ?? []).Select(a => (string)a!))
        {
            script.Append(' ').Append(Quote(arg));
        }

        var info = new ProcessStartInfo("unshare") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string arg in (string[])["--user", "--map-root-user", "--mount", "--fork", "sh", "-c", script.ToString()])
        {
            info.ArgumentList.Add(arg);
        }

        // A container sees its own environment, not the test runner's.
        info.Environment.Clear();
        info.Environment["PATH"] = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
        info.Environment["HOSTNAME"] = (string)_pod["metadata"]!["name"]!;
        foreach (JsonObject variable in (container["env"] as JsonArray ?? []).OfType<JsonObject>())
        {
            info.Environment[(string)variable["name"]!] = EnvironmentValue(variable);
        }

        using var process = new Process { StartInfo = info };
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await process.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(timeout, TestContext.Current.CancellationToken);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }

        process.WaitForExit();
        lock (output)
        {
            return (process.ExitCode, output.ToString());
        }

        void Bind(string source, string mountPath, bool readOnly)
        {
            string target = Path.Combine(root, mountPath.TrimStart('/'));
            Directory.CreateDirectory(target);
            script.Append(CultureInfo.InvariantCulture, $"mount --bind {Quote(source)} {Quote(target)}\n");
            if (readOnly)
            {
                readOnlyTargets.Add(target);
            }
        }
    }

    /// <summary>The kubelet's downward-API rendering of a map: sorted <c>key="value"</c> lines, values quoted as Go's strconv.Quote does.</summary>
    private static string DownwardMap(JsonObject? map)
    {
        var text = new StringBuilder();
        foreach ((string key, JsonNode? value) in (map ?? []).OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            text.Append(key).Append('=').Append(GoQuote((string?)value ?? string.Empty)).Append('\n');
        }

        return text.ToString();
    }

    private static string GoQuote(string value)
    {
        var quoted = new StringBuilder("\"");
        foreach (char c in value)
        {
            _ = c switch
            {
                '"' => quoted.Append("\\\""),
                '\\' => quoted.Append("\\\\"),
                '\n' => quoted.Append("\\n"),
                '\r' => quoted.Append("\\r"),
                '\t' => quoted.Append("\\t"),
                < ' ' or '\x7f' => quoted.Append(CultureInfo.InvariantCulture, $"\\x{(int)c:x2}"),
                _ => quoted.Append(c),
            };
        }

        return quoted.Append('"').ToString();
    }

    private static string Quote(string text) => "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private static void Append(StringBuilder output, string? line)
    {
        if (line is not null)
        {
            lock (output)
            {
                output.AppendLine(line);
            }
        }
    }

    private static string? Probe()
    {
        try
        {
            using Process process = Process.Start(new ProcessStartInfo("unshare", ["--user", "--map-root-user", "--mount", "--fork", "sh", "-c", "mount -t tmpfs none /mnt"]) { RedirectStandardError = true })!;
            string error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            return process.ExitCode == 0 ? null : "this machine gives no private mount namespace (unshare --user --map-root-user --mount: " + error.Trim() + "); the pod-run test needs one to mount the pod's volumes at their paths.";
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return "unshare (util-linux) is not installed: " + e.Message;
        }
    }

    private IEnumerable<JsonObject> Containers() =>
        ((string[])["initContainers", "containers"]).SelectMany(list => (_pod["spec"]![list] as JsonArray ?? []).OfType<JsonObject>());

    private string EnvironmentValue(JsonObject variable)
    {
        if (variable["value"] is JsonNode value)
        {
            return (string)value!;
        }

        string? field = (string?)variable["valueFrom"]?["fieldRef"]?["fieldPath"];
        return field switch
        {
            "metadata.namespace" => Namespace,
            "metadata.name" => (string)_pod["metadata"]!["name"]!,
            "spec.serviceAccountName" => (string)_pod["spec"]!["serviceAccountName"]!,
            "status.hostIP" or "status.podIP" => "127.0.0.1",
            _ => throw new NotSupportedException($"env {variable["name"]}: only value and the fieldRefs metadata.namespace/name, spec.serviceAccountName, status.hostIP/podIP are resolved here"),
        };
    }

    private async Task<string> MaterializeAsync(string volumeName)
    {
        if (_volumes.TryGetValue(volumeName, out string? existing))
        {
            return existing;
        }

        JsonObject volume = (_pod["spec"]!["volumes"] as JsonArray ?? []).OfType<JsonObject>().FirstOrDefault(v => (string?)v["name"] == volumeName)
            ?? throw new InvalidOperationException($"a container mounts the volume '{volumeName}' that the pod does not declare");
        string path = Path.Combine(_directory, "volumes", volumeName);
        Directory.CreateDirectory(path);
        if (volume["emptyDir"] is not null)
        {
            // Empty until a container writes to it, shared by every container of the pod.
        }
        else if (volume["downwardAPI"] is JsonObject downward)
        {
            WriteDownwardItems(path, downward);
        }
        else if (volume["projected"] is JsonObject projected)
        {
            foreach (JsonObject source in (projected["sources"] as JsonArray ?? []).OfType<JsonObject>())
            {
                await ProjectAsync(path, source);
            }
        }
        else
        {
            throw new NotSupportedException($"volume '{volumeName}': only emptyDir, downwardAPI and projected volumes are materialized here");
        }

        _volumes[volumeName] = path;
        return path;
    }

    private async Task ProjectAsync(string path, JsonObject source)
    {
        if (source["serviceAccountToken"] is JsonObject token)
        {
            string account = (string)_pod["spec"]!["serviceAccountName"]!;
            int expiration = (int?)token["expirationSeconds"] ?? 3600;
            await File.WriteAllTextAsync(Path.Combine(path, (string)token["path"]!), await _requestToken(account, expiration), TestContext.Current.CancellationToken);
        }
        else if (source["configMap"] is JsonObject reference)
        {
            string name = (string)reference["name"]!;
            JsonObject data = _configMap(Namespace, name)?["data"] as JsonObject
                ?? throw new InvalidOperationException($"configmap \"{name}\" not found in {Namespace}: the kubelet would not start the pod");
            foreach (JsonObject item in (reference["items"] as JsonArray ?? []).OfType<JsonObject>())
            {
                string key = (string)item["key"]!;
                string text = (string?)data[key] ?? throw new InvalidOperationException($"configmap \"{name}\" has no key \"{key}\"");
                await File.WriteAllTextAsync(Path.Combine(path, (string)item["path"]!), text, TestContext.Current.CancellationToken);
            }
        }
        else if (source["downwardAPI"] is JsonObject downward)
        {
            WriteDownwardItems(path, downward);
        }
        else
        {
            throw new NotSupportedException("projected source " + source.ToJsonString() + " is not materialized here");
        }
    }

    private void WriteDownwardItems(string path, JsonObject downward)
    {
        foreach (JsonObject item in (downward["items"] as JsonArray ?? []).OfType<JsonObject>())
        {
            string field = (string)item["fieldRef"]!["fieldPath"]!;
            string text = field switch
            {
                "metadata.annotations" => DownwardMap(_pod["metadata"]!["annotations"] as JsonObject),
                "metadata.labels" => DownwardMap(_pod["metadata"]!["labels"] as JsonObject),
                "metadata.namespace" => Namespace,
                "metadata.name" => (string)_pod["metadata"]!["name"]!,
                _ => throw new NotSupportedException("downward API field " + field + " is not materialized here"),
            };
            File.WriteAllText(Path.Combine(path, (string)item["path"]!), text);
        }
    }
}
