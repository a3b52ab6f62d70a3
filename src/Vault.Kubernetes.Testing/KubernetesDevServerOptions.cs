// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using Vault.Kubernetes.Testing.Kubernetes;

namespace Vault.Kubernetes.Testing;

/// <summary>Options for <see cref="KubernetesDevServer"/>.</summary>
public sealed class KubernetesDevServerOptions
{
    /// <summary>Gets or sets the server clock: timestamps, token lifetimes and watch <c>timeoutSeconds</c> follow it.</summary>
    /// <value>Defaults to <see cref="TimeProvider.System"/>.</value>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Gets or sets the clock used to wait out injected latency.</summary>
    /// <value>Defaults to <see cref="TimeProvider.System"/> (real delays).</value>
    public TimeProvider LatencyTimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Gets or sets the loopback port to listen on.</summary>
    /// <value>Defaults to 0: a free port chosen by the operating system.</value>
    public int Port { get; set; }

    /// <summary>Gets or sets a value indicating whether to serve HTTPS with a generated CA (see <see cref="KubernetesDevServer.CaCertificatePem"/>).</summary>
    /// <value>
    /// Defaults to <see langword="true"/>: kubectl 1.32 sends no bearer token to a plain-http server, so it would get 401
    /// on every call. KubernetesClient and raw HTTP clients work either way.
    /// </value>
    public bool UseTls { get; set; } = true;

    /// <summary>Gets or sets the bearer token with full access (what the kubeconfig carries).</summary>
    /// <value>Defaults to <see langword="null"/>: a random token.</value>
    public string? AdminToken { get; set; }

    /// <summary>Gets or sets the service-account token signer used for TokenRequest and checked by TokenReview.</summary>
    /// <value>
    /// Defaults to <see langword="null"/>: a new issuer owned by the server. Pass a <see cref="VaultDevServer"/>'s
    /// <c>Kubernetes.Issuer</c> so tokens minted here also pass its built-in review; the server then keeps that issuer's
    /// service-account registry in step with its ServiceAccount objects, and does not dispose it.
    /// </value>
    public ServiceAccountTokenIssuer? TokenIssuer { get; set; }

    /// <summary>Gets or sets how many changes per resource a watch can resume from before it gets 410 Expired.</summary>
    /// <value>Defaults to 1000.</value>
    public int WatchHistoryLimit { get; set; } = 1000;

    /// <summary>Gets the namespaces that exist at start (each with a <c>default</c> service account).</summary>
    /// <value>Defaults to default, kube-system, kube-public and kube-node-lease.</value>
    public IList<string> Namespaces { get; } = ["default", "kube-system", "kube-public", "kube-node-lease"];

    /// <summary>Gets or sets where mutating admission webhooks are really called: maps the address the API server would call to a reachable one.</summary>
    /// <value>
    /// Defaults to <see langword="null"/>: a <c>clientConfig.url</c> is called as written, and a <c>clientConfig.service</c>
    /// (<c>https://&lt;name&gt;.&lt;namespace&gt;.svc:&lt;port&gt;&lt;path&gt;</c>) cannot be reached. Tests map it to the loopback
    /// port of a webhook they host. The webhook's certificate is still checked against <c>caBundle</c> and the original host name.
    /// </value>
    public Func<Uri, Uri>? WebhookAddressMap { get; set; }

    /// <summary>Gets or sets the version <c>/version</c> reports.</summary>
    /// <value>Defaults to "v1.32.4".</value>
    public string KubernetesVersion { get; set; } = "v1.32.4";
}
