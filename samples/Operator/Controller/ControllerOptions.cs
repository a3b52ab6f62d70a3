// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

namespace Vault.Kubernetes.Operator.Controller;

/// <summary>Settings of the reconcile loop.</summary>
internal sealed class ControllerOptions
{
    /// <summary>Gets or sets the operator's own namespace: where the <c>default</c> VaultAuth and VaultConnection and the HMAC key live.</summary>
    public string OperatorNamespace { get; set; } = "vault-secrets-operator";

    /// <summary>Gets or sets how often a KV secret without <c>refreshAfter</c> is re-checked (VSO re-checks about every 60 seconds).</summary>
    public TimeSpan DefaultRefreshInterval { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Gets or sets how many Vault reads run at once.</summary>
    public int MaxConcurrency { get; set; } = 16;

    /// <summary>Gets or sets the first retry delay after a failure (VSO's backoff starts at 5 seconds).</summary>
    public TimeSpan RetryMinimum { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Gets or sets the longest retry delay (VSO's backoff maximum is 60 seconds).</summary>
    public TimeSpan RetryMaximum { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Gets or sets how often one Vault request is retried at once (2, as Vault's own client) before the resource's backoff takes over.</summary>
    /// <remarks>0 leaves every retry to the per-resource backoff, which an operator with many resources may prefer during an outage.</remarks>
    public int VaultRequestRetries { get; set; } = Vault.Kubernetes.Http.VaultClientDefaults.MaxRetries;

    /// <summary>Gets or sets how long an unused Vault session stays open.</summary>
    public TimeSpan SessionIdleTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Gets or sets the name of the Secret holding the content-hash key in the operator namespace.</summary>
    public string HmacKeySecretName { get; set; } = "vault-operator-dotnet-hmac-key";
}
