// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using Vault.Kubernetes.Annotations;

namespace Vault.Kubernetes.Agent.Hosting;

/// <summary>The agent's command line: <c>--mode init|sidecar</c>, then <c>--annotations &lt;file&gt;</c> or <c>--config &lt;file&gt;</c>.</summary>
internal sealed record AgentCommandLine
{
    /// <summary>The default downward-API annotations file.</summary>
    public const string DefaultAnnotationsPath = "/vault/podinfo/annotations";

    /// <summary>The usage text.</summary>
    public const string Usage = """
        usage: vault-agent-dotnet --mode init|sidecar [--annotations <file> | --config <agent.json>] [--vault-addr <url>]

          --mode         init: log in, render every file once, exit (non-zero and no files on any failure)
                         sidecar: keep the files fresh until SIGTERM
          --annotations  the pod's annotations as a downward-API file (default /vault/podinfo/annotations)
          --config       a JSON configuration file instead of annotations
          --vault-addr   the Vault address (default: vault.hashicorp.com/service, then VAULT_ADDR)
        """;

    /// <summary>Gets a value indicating whether the agent runs as the init container.</summary>
    public bool Init { get; init; }

    /// <summary>Gets the annotations file, or <see langword="null"/> when a JSON file is used.</summary>
    public string? AnnotationsPath { get; init; }

    /// <summary>Gets the JSON configuration file, or <see langword="null"/>.</summary>
    public string? ConfigPath { get; init; }

    /// <summary>Gets the Vault address given on the command line, or <see langword="null"/>.</summary>
    public string? VaultAddress { get; init; }

    /// <summary>Parses the arguments.</summary>
    /// <param name="args">The arguments.</param>
    /// <returns>The command line.</returns>
    /// <exception cref="AgentConfigurationException">An argument is unknown, missing its value, or the mode is missing.</exception>
    public static AgentCommandLine Parse(IReadOnlyList<string> args)
    {
        string? mode = null;
        string? annotations = null;
        string? config = null;
        string? address = null;
        for (int i = 0; i < args.Count; i++)
        {
            string arg = args[i];
            string? inline = null;
            int equals = arg.IndexOf('=', StringComparison.Ordinal);
            if (arg.StartsWith("--", StringComparison.Ordinal) && equals > 0)
            {
                inline = arg[(equals + 1)..];
                arg = arg[..equals];
            }

            string Value() => inline ?? (i + 1 < args.Count ? args[++i] : throw new AgentConfigurationException($"{arg}: a value is required"));
            switch (arg)
            {
                case "--mode":
                    mode = Value();
                    break;
                case "--annotations":
                    annotations = Value();
                    break;
                case "--config":
                    config = Value();
                    break;
                case "--vault-addr":
                    address = Value();
                    break;
                default:
                    throw new AgentConfigurationException($"{arg}: unknown argument");
            }
        }

        if (mode is not ("init" or "sidecar"))
        {
            throw new AgentConfigurationException($"--mode: expected init or sidecar, got '{mode ?? "(none)"}'");
        }

        if (annotations is not null && config is not null)
        {
            throw new AgentConfigurationException("--annotations and --config cannot be used together");
        }

        return new AgentCommandLine
        {
            Init = mode == "init",
            AnnotationsPath = config is null ? annotations ?? DefaultAnnotationsPath : null,
            ConfigPath = config,
            VaultAddress = address,
        };
    }

    /// <summary>Loads the configuration the command line points at.</summary>
    /// <returns>The configuration.</returns>
    /// <exception cref="AgentConfigurationException">The configuration is invalid.</exception>
    public AgentConfig LoadConfig()
    {
        AgentConfig config = ConfigPath is not null ? AgentJsonConfigReader.ReadFile(ConfigPath) : AnnotationConfigReader.ReadFile(AnnotationsPath!);

        // --address wins over the configuration's address, which wins over VAULT_ADDR.
        config.Connection.Address = VaultAddress ?? config.Connection.Address;
        return config;
    }
}
