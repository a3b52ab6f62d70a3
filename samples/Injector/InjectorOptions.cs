// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

namespace Vault.Kubernetes.Injector;

/// <summary>The injector's settings, bound from the <c>Injector</c> configuration section.</summary>
internal sealed class InjectorOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Injector";

    /// <summary>Gets or sets the agent image when a pod has no <c>agent-image</c> annotation.</summary>
    /// <value>Default <c>vault-agent-dotnet:latest</c>.</value>
    public string AgentImage { get; set; } = "vault-agent-dotnet:latest";

    /// <summary>Gets or sets the Vault address given to the agent as <c>VAULT_ADDR</c> (the <c>service</c> annotation wins).</summary>
    /// <value>Default none.</value>
    public string? VaultAddress { get; set; }

    /// <summary>Gets or sets the PEM certificate (chain) the webhook serves.</summary>
    public string TlsCertFile { get; set; } = "";

    /// <summary>Gets or sets the PEM private key of <see cref="TlsCertFile"/>.</summary>
    public string TlsKeyFile { get; set; } = "";

    /// <summary>Gets or sets the HTTPS port; 0 picks a free one (tests).</summary>
    /// <value>Default 8443.</value>
    public int Port { get; set; } = 8443;

    /// <summary>Gets or sets what a pod with bad annotations gets.</summary>
    /// <value>Default <see cref="InjectorFailureMode.Deny"/>.</value>
    public InjectorFailureMode FailureMode { get; set; } = InjectorFailureMode.Deny;
}
