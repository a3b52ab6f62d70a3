// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Vault.Kubernetes.Testing.Internal;
using Vault.Kubernetes.Testing.Kubernetes;
using Vault.Kubernetes.Testing.KubernetesApi;
using Vault.Kubernetes.Testing.Tls;

namespace Vault.Kubernetes.Testing;

/// <summary>
/// An embedded Kubernetes API server on 127.0.0.1 that kubectl and KubernetesClient use unmodified: discovery, a generic
/// JSON object store with resourceVersion/generation/finalizer semantics, watch, the four patch types, CRDs,
/// TokenRequest/TokenReview, Leases, fault injection and a request log.
/// </summary>
/// <remarks>
/// Simplifications, each chosen because no client these hosts use depends on more:
/// <list type="bullet">
/// <item>OpenAPI is served as per-kind stubs without schemas; answers are JSON, never Tables.</item>
/// <item>Server-side apply tracks field ownership among appliers only, with lists owned whole (PUT and other patches own nothing).</item>
/// <item>Garbage collection and the namespace controller run synchronously inside the deleting request: dependents
/// go at once by owner UID (Foreground does not wait), and a deleted namespace is Terminating only while objects with
/// finalizers remain in it.</item>
/// <item>Built-in kinds keep unknown fields (there are no schemas for them); custom resources are pruned to their schema
/// and refused under <c>fieldValidation=Strict</c> (Warn sends no warning).</item>
/// <item>Request bodies are JSON, plus protobuf for the kinds kubectl's typed <c>create</c> commands send.</item>
/// <item>MutatingWebhookConfigurations are stored but not called yet: a Pod create one selects fails as if the webhook
/// were unreachable, or passes unchanged when its failurePolicy is Ignore.</item>
/// </list>
/// </remarks>
/// <example>
/// <code>
/// await using KubernetesDevServer kube = await KubernetesDevServer.StartAsync();
/// kube.WriteKubeconfig("kubeconfig");   // kubectl --kubeconfig kubeconfig get ns
/// </code>
/// </example>
public sealed partial class KubernetesDevServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly DevCertificateAuthority? _certificateAuthority;
    private int _disposed;

    private KubernetesDevServer(KubeApiCore core, WebApplication app, DevCertificateAuthority? certificateAuthority, Uri address)
    {
        Core = core;
        _app = app;
        _certificateAuthority = certificateAuthority;
        Address = address;
    }

    /// <summary>Gets the base address, for example <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri Address { get; }

    /// <summary>Gets the bearer token with full access.</summary>
    public string AdminToken => Core.AdminToken;

    /// <summary>Gets the PEM of the CA that signed the HTTPS certificate, or <see langword="null"/> when TLS is off.</summary>
    public string? CaCertificatePem => _certificateAuthority?.CaCertificatePem;

    /// <summary>Gets the service-account token issuer behind TokenRequest and TokenReview.</summary>
    public ServiceAccountTokenIssuer TokenIssuer => Core.Issuer;

    /// <summary>Gets the server clock.</summary>
    public TimeProvider TimeProvider => Core.Clock;

    /// <summary>Gets the fault injector.</summary>
    public KubernetesDevServerFaults Faults => Core.Faults;

    /// <summary>Gets a snapshot of the requests received so far (method, path, query, status, time; never bodies or tokens).</summary>
    public IReadOnlyList<KubernetesRequestLogEntry> RequestLog => Core.RequestLog;

    internal KubeApiCore Core { get; }

    /// <summary>Starts a server on a loopback port.</summary>
    /// <param name="options">The options, or <see langword="null"/> for the defaults.</param>
    /// <param name="cancellationToken">A token to cancel the start.</param>
    /// <returns>The running server; dispose it to stop.</returns>
    /// <exception cref="ArgumentNullException">A clock in the options is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The port is negative or the watch history limit is not positive.</exception>
    public static async Task<KubernetesDevServer> StartAsync(KubernetesDevServerOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new KubernetesDevServerOptions();
        ArgumentNullException.ThrowIfNull(options.TimeProvider);
        ArgumentNullException.ThrowIfNull(options.LatencyTimeProvider);
        ArgumentOutOfRangeException.ThrowIfNegative(options.Port);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.WatchHistoryLimit);

        DevCertificateAuthority? certificateAuthority = options.UseTls ? DevCertificateAuthority.Create(TimeProvider.System.GetUtcNow()) : null;
        KubeApiCore core;
        try
        {
            core = new KubeApiCore(options, certificateAuthority?.CaCertificatePem);
        }
        catch
        {
            certificateAuthority?.Dispose();
            throw;
        }

        try
        {
            (WebApplication app, Uri address) = await LoopbackHost.StartAsync(options.Port, certificateAuthority, core.HandleHttpAsync, cancellationToken).ConfigureAwait(false);
            core.Address = address;
            return new KubernetesDevServer(core, app, certificateAuthority, address);
        }
        catch
        {
            certificateAuthority?.Dispose();
            core.Dispose();
            throw;
        }
    }

    /// <summary>Stops the server and releases its port.</summary>
    /// <returns>A task that completes when the server has stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        // Open watches never end by themselves; end them so the host can stop without waiting out its timeout.
        Faults.DropWatches();
        using (var stopTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
        {
            await _app.StopAsync(stopTimeout.Token).ConfigureAwait(false);
        }

        await _app.DisposeAsync().ConfigureAwait(false);
        _certificateAuthority?.Dispose();
        Core.Dispose();
    }
}
