// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using Vault.Kubernetes.Operator.Controller;

namespace Vault.Kubernetes.Operator.Hosting;

/// <summary>The host's settings, read from the environment (see README).</summary>
internal sealed class OperatorOptions
{
    /// <summary>Gets or sets the kubeconfig to use outside a cluster (<c>KUBECONFIG</c>); in a pod the service account is used.</summary>
    public string? Kubeconfig { get; set; }

    /// <summary>Gets or sets this replica's identity in the leader Lease (<c>POD_NAME</c>, else host name and a random suffix).</summary>
    public string Identity { get; set; } = Environment.MachineName + "_" + Guid.NewGuid().ToString("N")[..8];

    /// <summary>Gets or sets a value indicating whether replicas elect a leader (<c>VSO_LEADER_ELECT</c>, default true).</summary>
    public bool LeaderElection { get; set; } = true;

    /// <summary>Gets or sets the Lease name in the operator namespace.</summary>
    public string LeaseName { get; set; } = "vault-operator-dotnet-leader";

    /// <summary>Gets or sets how long a leader's Lease is honoured without renewal (controller-runtime default 15 s).</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Gets or sets how long the leader keeps trying to renew before it stops leading (default 10 s).</summary>
    public TimeSpan RenewDeadline { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Gets or sets how long the host waits before starting the controller again after it failed (the API server unreachable, say).</summary>
    public TimeSpan RestartDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Gets or sets a value indicating whether a graceful stop (SIGTERM) gives the Lease up so a standby leads at once (default true).</summary>
    public bool ReleaseOnStop { get; set; } = true;

    /// <summary>Gets or sets the retry period of acquisition and renewal (default 2 s).</summary>
    public TimeSpan RetryPeriod { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Gets or sets the port of <c>/healthz</c>, <c>/readyz</c> and <c>/metrics</c>; 0 disables the endpoint.</summary>
    public int HealthPort { get; set; } = 8081;

    /// <summary>Gets the reconcile settings.</summary>
    public ControllerOptions Controller { get; } = new();

    /// <summary>Reads the options from environment variables.</summary>
    public static OperatorOptions FromEnvironment(Func<string, string?> env)
    {
        var options = new OperatorOptions { Kubeconfig = env("KUBECONFIG") };
        if (env("POD_NAME") is { Length: > 0 } pod)
        {
            options.Identity = pod;
        }

        if (env("POD_NAMESPACE") is { Length: > 0 } ns)
        {
            options.Controller.OperatorNamespace = ns;
        }

        if (env("VSO_LEADER_ELECT") is { Length: > 0 } elect)
        {
            options.LeaderElection = !string.Equals(elect, "false", StringComparison.OrdinalIgnoreCase);
        }

        if (env("VSO_HEALTH_PORT") is { Length: > 0 } port && int.TryParse(port, System.Globalization.CultureInfo.InvariantCulture, out int p))
        {
            options.HealthPort = p;
        }

        if (env("VSO_MAX_CONCURRENT_RECONCILES") is { Length: > 0 } concurrency && int.TryParse(concurrency, System.Globalization.CultureInfo.InvariantCulture, out int c) && c > 0)
        {
            options.Controller.MaxConcurrency = c;
        }

        if (env("VSO_VAULT_REQUEST_RETRIES") is { Length: > 0 } retries && int.TryParse(retries, System.Globalization.CultureInfo.InvariantCulture, out int r) && r >= 0)
        {
            options.Controller.VaultRequestRetries = r;
        }

        return options;
    }
}
