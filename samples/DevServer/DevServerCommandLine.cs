// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Globalization;

namespace Vault.Kubernetes.Samples.DevServer;

/// <summary>Parses the dev server's switches strictly: an unknown switch or a missing or malformed value is an error naming the switch.</summary>
internal static class DevServerCommandLine
{
    public const string Usage = """
        Usage: dotnet run --project samples/DevServer -- [options]
          --port N                     Vault's port (default: a free one)
          --root-token ID              the root token (default: generated)
          --tls                        HTTPS (HTTP/2) with a generated CA, printed as VAULT_CACERT
          --kubernetes                 also run the Kubernetes API dev server (auth/kubernetes reviews tokens through it)
            --kubeconfig PATH          where to write its kubeconfig (default ./kubeconfig)
            --kube-port N              its port
          --k8s-role ROLE              enable auth/kubernetes with ROLE bound to the service account below (policy: read secret/*, database/creds/*)
            --service-account NS/NAME  the service account the role is bound to (default default/app)
            --token-volume DIR         write that service account's rotating projected token to DIR/token (as the kubelet does)
          --db-role NAME               the database secrets engine with role NAME (database/creds/NAME)
          --latency DURATION           delay every request, for example 20ms or 1s
          --kv PATH KEY=VALUE[,...]    write a KV v2 secret at secret/PATH (repeatable)
          -h, --help                   this text
        """;

    /// <summary>Parses <paramref name="args"/>.</summary>
    /// <returns>The settings, or an error that names the switch and what it expects.</returns>
    public static (DevServerSettings? Settings, string? Error) Parse(IReadOnlyList<string> args)
    {
        var settings = new DevServerSettings();
        var kv = new List<(string, IReadOnlyDictionary<string, object?>)>();
        for (int i = 0; i < args.Count; i++)
        {
            string name = args[i];
            string? Value() => i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal) ? args[++i] : null;
            string? error = null;
            switch (name)
            {
                case "-h" or "--help":
                    settings = settings with { Help = true };
                    break;
                case "--tls":
                    settings = settings with { Tls = true };
                    break;
                case "--kubernetes":
                    settings = settings with { Kubernetes = true };
                    break;
                case "--port":
                    settings = Port(Value(), name, out error) is int port ? settings with { Port = port } : settings;
                    break;
                case "--kube-port":
                    settings = Port(Value(), name, out error) is int kubePort ? settings with { KubePort = kubePort } : settings;
                    break;
                case "--root-token":
                    settings = Required(Value(), name, "a token id", out error) is { } token ? settings with { RootToken = token } : settings;
                    break;
                case "--kubeconfig":
                    settings = Required(Value(), name, "a file path", out error) is { } kubeconfig ? settings with { KubeconfigPath = Path.GetFullPath(kubeconfig) } : settings;
                    break;
                case "--k8s-role":
                    settings = Required(Value(), name, "a role name", out error) is { } role ? settings with { KubernetesRole = role } : settings;
                    break;
                case "--token-volume":
                    settings = Required(Value(), name, "a directory", out error) is { } volume ? settings with { TokenVolume = Path.GetFullPath(volume) } : settings;
                    break;
                case "--db-role":
                    settings = Required(Value(), name, "a role name", out error) is { } dbRole ? settings with { DatabaseRole = dbRole } : settings;
                    break;
                case "--service-account":
                    string? account = Value();
                    string[] parts = account?.Split('/') ?? [];
                    if (parts.Length != 2 || parts.Any(string.IsNullOrWhiteSpace))
                    {
                        error = $"{name} expects NAMESPACE/NAME, for example default/app; got '{account}'.";
                    }
                    else
                    {
                        settings = settings with { ServiceAccountNamespace = parts[0], ServiceAccountName = parts[1] };
                    }

                    break;
                case "--latency":
                    string? latency = Value();
                    if (Duration(latency) is { } delay)
                    {
                        settings = settings with { Latency = delay };
                    }
                    else
                    {
                        error = $"{name} expects a duration such as 20ms or 1s; got '{latency}'.";
                    }

                    break;
                case "--kv":
                    string? path = Value();
                    string? pairs = Value();
                    if (Secret(path, pairs) is { } data)
                    {
                        kv.Add((path!.StartsWith("secret/", StringComparison.Ordinal) ? path["secret/".Length..] : path!, data));
                    }
                    else
                    {
                        error = $"{name} expects PATH KEY=VALUE[,KEY=VALUE...], for example --kv app password=s3cr3t; got '{path} {pairs}'.";
                    }

                    break;
                default:
                    error = $"Unknown switch '{name}'.";
                    break;
            }

            if (error is not null)
            {
                return (null, error);
            }
        }

        if (settings.TokenVolume is not null && settings.KubernetesRole is null)
        {
            return (null, "--token-volume needs --k8s-role: the token is for logging in with that role.");
        }

        if (settings.KubernetesRole is not null && settings.Kubernetes)
        {
            return (null, "--k8s-role cannot be combined with --kubernetes: with the Kubernetes API dev server, create service accounts and tokens with kubectl (role \"app\" is written for you).");
        }

        return (settings with { KvSecrets = kv }, null);
    }

    private static int? Port(string? value, string name, out string? error)
    {
        error = null;
        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int port) && port is > 0 and < 65536)
        {
            return port;
        }

        error = $"{name} expects a port between 1 and 65535; got '{value}'.";
        return null;
    }

    private static string? Required(string? value, string name, string what, out string? error)
    {
        error = string.IsNullOrWhiteSpace(value) ? $"{name} expects {what}." : null;
        return error is null ? value : null;
    }

    private static TimeSpan? Duration(string? value)
    {
        if (value is null)
        {
            return null;
        }

        (string number, double scale) = value.EndsWith("ms", StringComparison.Ordinal) ? (value[..^2], 1.0)
            : value.EndsWith('s') ? (value[..^1], 1000.0)
            : (string.Empty, 0);
        return double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double amount) && amount >= 0
            ? TimeSpan.FromMilliseconds(amount * scale)
            : null;
    }

    private static Dictionary<string, object?>? Secret(string? path, string? pairs)
    {
        if (string.IsNullOrWhiteSpace(path) || string.IsNullOrWhiteSpace(pairs))
        {
            return null;
        }

        var data = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (string pair in pairs.Split(','))
        {
            int equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                return null;
            }

            data[pair[..equals]] = pair[(equals + 1)..];
        }

        return data;
    }
}
